"""The one home for upload caps and checks. A .docx and an .xlsx are zip files of XML parts.

A zip bomb is small when sent, so both what was sent and what it unpacks to are capped
(settings.max_upload_bytes, max_unpacked_bytes). The unpacked size is counted while each member is
really decompressed, not read from the zip's directory: a member whose declared size lies (issue 10)
is refused, as is a member that is cut short or fails its CRC. Every XML part is parsed once by expat
here, so that a truncated sheet or a document type with entity declarations (billion laughs, external
entities) is a 422 in Chinese before openpyxl or docxtpl meet it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.parsers import expat

from service.config import settings
from service.errors import InvalidPayload, PayloadTooLarge

MB = 1024 * 1024
CHUNK = 256 * 1024
# The XML parts. Not .vml: Office's legacy drawing markup (comments' shapes) is not always well-formed.
XML_SUFFIXES = (".xml", ".rels")


class _DoctypeRefused(Exception):
    """Raised from expat's handler: an OOXML part never needs a DTD."""


def check_zip_upload(data: bytes, label: str, field: str = "file") -> None:
    """413 when `data` or its unpacked members pass the caps; `zipfile.BadZipFile` when it is no zip;
    422 at `field` when a member is damaged, lies about its size, or an XML part is malformed or
    declares a document type.

    `label` names the file for the clerk ('Excel 文件', '模板').
    """
    if len(data) > settings.max_upload_bytes:
        raise PayloadTooLarge(f"{label}超过 {settings.max_upload_bytes // MB} MB 上限")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
        declared = sum(member.file_size for member in members)
        if declared > settings.max_unpacked_bytes:
            raise PayloadTooLarge(_too_large(label, declared))
        unpacked = 0
        for member in members:
            unpacked += _check_member(package, member, label, field, settings.max_unpacked_bytes - unpacked)


def _too_large(label: str, size: int) -> str:
    return f"{label}解压后 {size // MB} MB，超过 {settings.max_unpacked_bytes // MB} MB 上限"


def _damaged(field: str, message: str) -> InvalidPayload:
    return InvalidPayload([((field,), message)])


def _check_member(
    package: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, field: str, allowance: int
) -> int:
    """Decompress one member (at most `allowance` bytes), feeding XML parts to expat; its real size."""
    parser = _xml_parser() if member.filename.lower().endswith(XML_SUFFIXES) else None
    size = 0
    try:
        with package.open(member) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > allowance:
                    raise PayloadTooLarge(_too_large(label, settings.max_unpacked_bytes + 1))
                if parser is not None:
                    parser.Parse(chunk, False)
            if parser is not None:
                parser.Parse(b"", True)
    except _DoctypeRefused:
        raise _damaged(
            field, f"{label}的 {member.filename} 含有文档类型或实体声明（<!DOCTYPE>），拒绝读取"
        ) from None
    except expat.ExpatError as exc:
        raise _damaged(
            field, f"{label}已损坏：{member.filename} 第{exc.lineno}行不是完整的 XML（文件可能被截断）"
        ) from None
    except (zipfile.BadZipFile, EOFError, zlib.error):
        # zipfile reads at most the declared size and checks the CRC at the end: a member that unpacks
        # to more (or less) than it declares fails here.
        raise _damaged(field, f"{label}已损坏：{member.filename} 的内容与压缩包记录不符") from None
    except (NotImplementedError, RuntimeError):
        raise _damaged(field, f"{label}的 {member.filename} 已加密或使用了不支持的压缩方式") from None
    if size != member.file_size:
        raise _damaged(
            field, f"{label}已损坏：{member.filename} 声明 {member.file_size} 字节，实为 {size} 字节"
        )
    return size


def _xml_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise _DoctypeRefused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    # No external entity is ever fetched: the handler refuses before expat would ask for one.
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    return parser
