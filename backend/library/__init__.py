"""The studio's library: sequences and single clips, created, looked up, retried and deleted."""
