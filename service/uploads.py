"""The one home for upload caps. A .docx and an .xlsx are zip files: a zip bomb is small when sent, so
both what was sent and what it unpacks to are capped (settings.max_upload_bytes, max_unpacked_bytes)."""

from __future__ import annotations

import io
import zipfile

from service.config import settings
from service.errors import PayloadTooLarge

MB = 1024 * 1024


def check_zip_upload(data: bytes, label: str) -> None:
    """413 when `data` or its unpacked members pass the caps; `zipfile.BadZipFile` when it is no zip.

    `label` names the file for the clerk ('Excel 文件', '模板').
    """
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"{label}超过 {settings.max_upload_bytes // MB} MB 上限")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        unpacked = sum(member.file_size for member in package.infolist())
    if unpacked > settings.max_unpacked_bytes:
        raise PayloadTooLarge(
            f"{label}解压后 {unpacked // MB} MB，超过 {settings.max_unpacked_bytes // MB} MB 上限"
        )
