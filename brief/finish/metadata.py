"""The document's metadata, said the same way in its two places: the
document information dictionary and the XMP packet (PDF/A and PDF/UA
validators compare them)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib.metadata import version

import pypdf

from ..markup import plain_text
from ..model import Brief

__all__ = ["document_info", "xmp"]


def document_info(brief: Brief) -> dict[str, str]:
    """Title, subject, authors, keywords, creator and producer."""
    info = {"/Title": plain_text(brief.title), "/Creator": "brief",
            "/Producer": f"brief, WeasyPrint {version('weasyprint')}, pypdf {pypdf.__version__}"}
    if brief.subtitle:
        info["/Subject"] = plain_text(brief.subtitle)
    if brief.authors:
        info["/Author"] = ", ".join(brief.authors)
    if brief.keywords:
        info["/Keywords"] = ", ".join(brief.keywords)
    return info


_NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


def xmp(brief: Brief, info: dict[str, str], existing: bytes | None = None) -> bytes:
    """The XMP packet: WeasyPrint's (with its PDF/A, PDF/X or PDF/UA
    identification) when there is one, with brief's properties set in it,
    so that XMP and document info say the same thing."""
    for prefix, uri in _NS.items():
        ET.register_namespace(prefix, uri)
    rdf_tag = f"{{{_NS['rdf']}}}RDF"
    root = None
    if existing:
        body = re.sub(rb"<\?xpacket[^>]*\?>", b"", existing).strip()
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            root = None
    if root is None or root.find(rdf_tag) is None:
        root = ET.Element(f"{{{_NS['x']}}}xmpmeta")
        ET.SubElement(root, rdf_tag)
    rdf = root.find(rdf_tag)
    assert rdf is not None
    ours = {f"{{{_NS['dc']}}}{k}" for k in ("title", "creator", "description", "subject", "language", "publisher", "format")}
    ours |= {f"{{{_NS['pdf']}}}Keywords", f"{{{_NS['pdf']}}}Producer", f"{{{_NS['xmp']}}}CreatorTool"}
    for desc in list(rdf):
        for child in list(desc):
            if child.tag in ours:
                desc.remove(child)
        for attr in list(desc.attrib):
            if attr in ours:
                del desc.attrib[attr]
        if not len(desc) and set(desc.attrib) <= {f"{{{_NS['rdf']}}}about"}:
            rdf.remove(desc)
    desc = ET.SubElement(rdf, f"{{{_NS['rdf']}}}Description", {f"{{{_NS['rdf']}}}about": ""})

    def prop(ns: str, name: str, container: str | None = None, values: list[str] = ()) -> None:  # type: ignore[assignment]
        el = ET.SubElement(desc, f"{{{_NS[ns]}}}{name}")
        if container is None:
            el.text = values[0]
            return
        box = ET.SubElement(el, f"{{{_NS['rdf']}}}{container}")
        for v in values:
            li = ET.SubElement(box, f"{{{_NS['rdf']}}}li")
            if container == "Alt":
                li.set("xml:lang", "x-default")
            li.text = v

    prop("dc", "title", "Alt", [info["/Title"]])
    prop("dc", "language", "Bag", [brief.lang])
    prop("dc", "format", None, ["application/pdf"])
    if brief.authors:
        prop("dc", "creator", "Seq", list(brief.authors))
    if "/Subject" in info:
        prop("dc", "description", "Alt", [info["/Subject"]])
    if brief.keywords:
        prop("dc", "subject", "Bag", list(brief.keywords))
    if brief.publisher:
        prop("dc", "publisher", "Bag", [brief.publisher])
    if "/Keywords" in info:
        prop("pdf", "Keywords", None, [info["/Keywords"]])
    prop("pdf", "Producer", None, [info["/Producer"]])
    prop("xmp", "CreatorTool", None, [info["/Creator"]])
    text = ET.tostring(root, encoding="unicode").replace(' xml:lang=', ' xml:lang=')
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + text
            + '\n<?xpacket end="w"?>').encode("utf-8")
