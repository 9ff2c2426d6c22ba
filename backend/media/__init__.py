"""Media work: probing files, images and last frames, the re-encoding path of the stitcher."""
