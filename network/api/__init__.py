"""The public read API (/api/v1/): the framework every app's endpoints share (framework.py), partner
keys (keys.py) and the network's own endpoints (views.py). config/api.py mounts them all."""
