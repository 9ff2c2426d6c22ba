-- The job rows are the truth: what the page shows and what a restart resumes come from here.
CREATE TABLE IF NOT EXISTS sequences (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'sequence', -- sequence | clip (one prompt, one shot)
    remix_source TEXT,                 -- a clip remixing another: its studio video id ("<sequence>-<shot>")
    created_at INTEGER NOT NULL,
    updated_at REAL NOT NULL,
    status TEXT NOT NULL,              -- queued | running | stitching | completed | failed
    model TEXT NOT NULL,
    size TEXT NOT NULL,
    seconds TEXT NOT NULL,
    continuity TEXT NOT NULL,          -- remix | chain | last_frame | independent
    style TEXT,
    stitched_file TEXT,
    stitch_error TEXT,
    estimated_usd REAL,
    spent_usd REAL NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS shots (
    sequence_id TEXT NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
    shot_number INTEGER NOT NULL,
    character TEXT NOT NULL DEFAULT '', -- empty for single clips, which carry their prompt as written
    environment TEXT NOT NULL DEFAULT '',
    lighting_camera TEXT NOT NULL DEFAULT '',
    dialog TEXT NOT NULL DEFAULT '',
    prompt TEXT NOT NULL,
    reference_file TEXT,               -- fitted PNG in the sequence folder, if the user gave one
    status TEXT NOT NULL,              -- queued | in_progress | completed | failed
    progress INTEGER NOT NULL DEFAULT 0,
    video_id TEXT,                     -- stored before polling starts: never create a second job
    method TEXT,                       -- create | remix | last_frame
    spritesheet_file TEXT,
    submit_sent_at REAL,               -- a create/remix was sent at this time (its id may not be stored yet)
    source_video_id TEXT,
    note TEXT,
    error_code TEXT,
    error_message TEXT,
    video_file TEXT,
    thumbnail_file TEXT,
    started_at REAL,
    completed_at REAL,
    PRIMARY KEY (sequence_id, shot_number)
);

CREATE INDEX IF NOT EXISTS shots_video_id ON shots (video_id);
