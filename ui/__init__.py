"""The Qt user interface: thin widgets over desk_app services."""
