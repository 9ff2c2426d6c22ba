"""A team deployment: web processes and workers sharing PostgreSQL (docs/DEPLOYMENT.md, ARCHITECTURE.md)."""
