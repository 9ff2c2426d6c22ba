"""A finished sequence on its way out: captions (SRT, WebVTT) and editor timelines (OTIO, EDL, FCP 7 XML)."""
