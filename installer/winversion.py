"""Writes the Windows version resource PyInstaller embeds in the executable."""

from __future__ import annotations

from pathlib import Path


def write_version_file(path: Path, name: str, version: str) -> Path:
    """Write a PyInstaller VSVersionInfo file for ``version`` (``X.Y.Z``) and return its path."""
    parts = [int(p) for p in version.split(".")[:3] if p.isdigit()]
    while len(parts) < 4:
        parts.append(0)
    nums = tuple(parts[:4])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Inovasi Desk'),
      StringStruct('FileDescription', 'Inovasi Desk: laporan inovasi daerah'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{name}'),
      StringStruct('OriginalFilename', '{name}.exe'),
      StringStruct('ProductName', 'Inovasi Desk'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )
    return path
