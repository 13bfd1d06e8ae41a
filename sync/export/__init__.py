"""Paket kirim: everything a pemda coordinator enters in the national app, as one package.

Headless (no Qt). One writer (:mod:`sync.export.package`) fed by a :class:`~sync.export.source.
PackageSource`: the desktop's local store and vault (:mod:`sync.export.local`) or the central
server's database and blob store (:mod:`sync.server.export`). Heavy libraries (XlsxWriter,
ReportLab) are imported only when a package or a PDF is written, never at app start.
"""
