"""The desktop's Paket kirim page, the printable profile previewer and the yearly carry-over.

Everything here runs the headless work (``sync.export``, ``sync.local.carryover``) on the task
lanes and only shows results; heavy modules are imported when an action is first used.
"""
