"""The desk client's core: domain, workflow, working-time clocks, local store, services.

Never imports Qt: everything here runs and is tested without a display.
"""
