"""The studio's HTTP face beyond Flask's routes: the ASGI application and its progress streams."""
