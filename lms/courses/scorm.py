"""SCORM 1.2 and SCORM 2004 (3rd and 4th edition) packages: the zip L&D bought or exported from
Articulate or iSpring becomes a lesson. The manifest says which standard and which file to launch;
the package is unpacked into storage and served from our own origin to a frame on the lesson page,
where scorm-again (vendored in /static) provides the runtime API the package talks to.

A zip is checked before anything is written: no path may leave the package (absolute, `..`, a
drive), and neither the number of files, their unpacked size nor any file's compression ratio may
pass the limits below (a zip bomb), which unpacking enforces again on the bytes actually read."""
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from lms.i18n import gettext as _

MAX_FILES = 10_000
MAX_UNPACKED_BYTES = 2 * 1024 ** 3
MAX_RATIO = 200  # text compresses 10 to 20 times; a bomb thousands of times
MANIFEST = "imsmanifest.xml"
CHUNK = 1024 * 1024


class BadPackage(ValueError):
    pass


@dataclass(frozen=True)
class Package:
    launch: str  # the launch file's path inside it, with the manifest's parameters
    standard: str  # "1.2" or "2004"
    title: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _standard(root: ET.Element) -> str:
    """From the manifest's schemaversion, else from the namespaces its elements use."""
    for element in root.iter():
        if _local(element.tag) == "schemaversion" and element.text:
            return "1.2" if element.text.strip() == "1.2" else "2004"
    namespaces = {element.tag.split("}")[0] for element in root.iter() if element.tag.startswith("{")}
    namespaces |= {name.split("}")[0] for element in root.iter() for name in element.attrib if name.startswith("{")}
    if any("adlcp_rootv1p2" in namespace for namespace in namespaces):
        return "1.2"
    if any("v1p3" in namespace for namespace in namespaces):
        return "2004"
    raise BadPackage(_("The manifest does not say whether this is SCORM 1.2 or SCORM 2004."))


def read_manifest(data: bytes) -> tuple[str, str, str]:
    """(standard, launch path with parameters, title) from imsmanifest.xml."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise BadPackage(_("The package's imsmanifest.xml is not valid XML.")) from None
    organizations = next(iter(_children(root, "organizations")), None)
    resources = next(iter(_children(root, "resources")), None)
    if organizations is None or resources is None:
        raise BadPackage(_("The package's manifest has no organization or no resources: nothing to launch."))
    chosen = organizations.get("default")
    all_organizations = _children(organizations, "organization")
    organization = next((o for o in all_organizations if o.get("identifier") == chosen), None) or \
        next(iter(all_organizations), None)
    items = [i for i in (organization.iter() if organization is not None else []) if _local(i.tag) == "item"]
    item = next((i for i in items if i.get("identifierref")), None)
    if item is None:
        raise BadPackage(_("The package's manifest has no item to launch."))
    resource = next((r for r in _children(resources, "resource") if r.get("identifier") == item.get("identifierref")), None)
    if resource is None or not resource.get("href"):
        raise BadPackage(_("The package's manifest points at a resource it does not have."))
    base = "".join(value for element in (resources, resource) for name, value in element.attrib.items()
                   if _local(name) == "base")
    launch = base + resource.get("href")
    if parameters := item.get("parameters"):
        launch += ("&" if "?" in launch else "?") + parameters.lstrip("?&")
    title = next((t.text for t in _children(organization, "title") if t.text), "") if organization is not None else ""
    return _standard(root), launch, (title or "").strip()


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's path inside the package, or None for one that would land outside it."""
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    path = PurePosixPath(name)
    return None if ".." in path.parts else path


def _check(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_FILES:
        raise BadPackage(_("The package holds more than %(count)s files.", count=f"{MAX_FILES:,}"))
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise BadPackage(_("Unpacked, the package would take more than 2 GB."))
    for info in members:
        if _safe_name(info.filename) is None:
            raise BadPackage(_("The package holds a file whose path leads outside it (%(name)s).",
                               name=info.filename[:80]))
        if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BadPackage(_("The package holds a file that unpacks to far more than its size: refused."))
    if MANIFEST not in {info.filename for info in members}:
        raise BadPackage(_("There is no imsmanifest.xml at the top of the zip: is it a SCORM package?"))
    return members


def _unpack(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], into: Path) -> None:
    """Writes every member, counting the bytes really read against the limit (headers can lie)."""
    budget = MAX_UNPACKED_BYTES
    for info in members:
        target = into / _safe_name(info.filename)
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                budget -= len(chunk)
                if budget < 0 or out.tell() + len(chunk) > MAX_RATIO * max(info.compress_size, 1) + CHUNK:
                    raise BadPackage(_("The package holds a file that unpacks to far more than its size: refused."))
                out.write(chunk)


def unpack(zip_path: Path, into: Path) -> Package:
    """Checks a package and unpacks it into the folder `into`, for the caller to store; what the manifest
    says. Raises BadPackage in words."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError):
        raise BadPackage(_("The zip file is damaged or encrypted.")) from None
    try:
        with archive:
            members = _check(archive)
            standard, launch, title = read_manifest(archive.read(MANIFEST))
            launch_file = _safe_name(launch.split("?")[0])
            if launch_file is None or str(launch_file) not in {info.filename for info in members}:
                raise BadPackage(_("The file the manifest launches (%(name)s) is not in the package.", name=launch[:80]))
            _unpack(archive, members, into)
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, zlib.error, NotImplementedError):
        raise BadPackage(_("The zip file is damaged or encrypted.")) from None
    return Package(launch=quote(launch, safe="/?&=%:;,+-_.~"), standard=standard, title=title)
