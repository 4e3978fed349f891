"""The Qt user interface: thin widgets over desk_app services.

Entry points: `ui.app:main` (`desk-app`) and `ui.app:demo_main` (`desk-app demo`,
`--screenshot FILE.png` for headless checks). Threads: `ui.threads.run_task` runs work
on a pool and calls back on the GUI thread. Device steps (printing, scanning, signing,
signature validation) sit behind `ui.devices`; the portal behind `ui.portal.PortalLink`.
Translations: `ui/i18n/desk_{vi,en}.ts`, rebuilt with `python -m ui.i18n_build`.
"""
