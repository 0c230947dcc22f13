"""Reading a PDF back as a user's reader would: its text, for asserting what it says, and its
structure tree, language, title and PDF/UA identification, as a screen reader and a checker
get them (pypdf reads the objects as they are in the file, ElementTree the XMP packet)."""

import io
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, as a reader gets it, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@dataclass
class Element:
    """A structure element: its type (H1, Table, TH, Figure…), its attributes (/A: a header
    cell's /Scope, a data cell's /Headers), its /ID (a header cell's, which /Headers name),
    its /Alt and its child elements in reading order."""

    tag: str
    attributes: dict = field(default_factory=dict)
    id: str | None = None
    alt: str | None = None
    children: list["Element"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Accessibility:
    """What assistive technology reads from a PDF besides its text."""

    marked: bool
    lang: str | None
    display_doc_title: bool
    info_title: str | None
    xmp: dict
    tree: Element | None
    version: str
    page_tabs: list[str]
    xmp_packet: str

    def elements(self, tag: str | None = None) -> list[Element]:
        found = list(self.tree.walk()) if self.tree else []
        return [element for element in found if tag is None or element.tag == tag]

    def headings(self) -> list[int]:
        """The heading levels in reading order (H1 → 1)."""
        return [
            int(element.tag[1:])
            for element in self.elements()
            if re.fullmatch(r"H[1-6]", element.tag)
        ]


def _true(value) -> bool:
    """A PDF boolean that is true (not a name or a string that only looks like one)."""
    return isinstance(value, BooleanObject) and bool(value)


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _attributes(element: DictionaryObject) -> dict:
    attributes = _resolved(element.get("/A"))
    if attributes is None:
        return {}
    dictionaries = attributes if isinstance(attributes, ArrayObject) else [attributes]
    merged = {}
    for dictionary in map(_resolved, dictionaries):
        if isinstance(dictionary, DictionaryObject):
            merged.update({str(key): _resolved(value) for key, value in dictionary.items()})
    return merged


def _kids(node: DictionaryObject) -> list:
    kids = _resolved(node.get("/K"))
    kids = kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
    return [
        kid
        for kid in map(_resolved, kids)
        if isinstance(kid, DictionaryObject) and kid.get("/Type") != "/OBJR" and "/S" in kid
    ]


def _element(node: DictionaryObject) -> Element:
    alt, identifier = node.get("/Alt"), node.get("/ID")
    return Element(
        tag=str(node["/S"])[1:],
        attributes=_attributes(node),
        id=str(identifier) if identifier is not None else None,
        alt=str(alt) if alt is not None else None,
        children=[_element(kid) for kid in _kids(node)],
    )


def xmp_values(packet: bytes) -> dict:
    """The XMP properties the checks read: dc:title (its x-default text), pdfuaid:part (as
    an attribute of rdf:Description, as WeasyPrint writes it, or as an element)."""
    root = ElementTree.fromstring(packet.decode("utf-8").split("?>", 1)[1].rsplit("<?", 1)[0])
    values = {}
    for description in root.iter(f"{{{XMP['rdf']}}}Description"):
        part = description.get(f"{{{XMP['pdfuaid']}}}part")
        if part is not None:
            values["pdfuaid:part"] = part
        for element in description:
            if element.tag == f"{{{XMP['pdfuaid']}}}part":
                values["pdfuaid:part"] = element.text
            if element.tag == f"{{{XMP['dc']}}}title":
                item = element.find(f".//{{{XMP['rdf']}}}li")
                values["dc:title"] = item.text if item is not None else None
    return values


def pdf_accessibility(pdf: bytes) -> Accessibility:
    """The catalog's /MarkInfo, /Lang, /ViewerPreferences and /StructTreeRoot, the info
    dictionary's title and the XMP metadata (dc:title, pdfuaid:part)."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.root_object
    mark_info = _resolved(root.get("/MarkInfo")) or {}
    preferences = _resolved(root.get("/ViewerPreferences")) or {}
    tree_root = _resolved(root.get("/StructTreeRoot"))
    tree = (
        Element(tag="StructTreeRoot", children=[_element(kid) for kid in _kids(tree_root)])
        if tree_root is not None
        else None
    )
    metadata = _resolved(root.get("/Metadata"))
    lang = root.get("/Lang")
    title = (reader.metadata or {}).get("/Title")
    return Accessibility(
        marked=_true(mark_info.get("/Marked")),
        lang=str(lang) if lang is not None else None,
        display_doc_title=_true(preferences.get("/DisplayDocTitle")),
        info_title=str(title) if title is not None else None,
        xmp=xmp_values(metadata.get_data()) if metadata is not None else {},
        tree=tree,
        version=reader.pdf_header.removeprefix("%PDF-"),
        page_tabs=[str(page.get("/Tabs")) for page in reader.pages],
        xmp_packet=metadata.get_data().decode("utf-8") if metadata is not None else "",
    )
