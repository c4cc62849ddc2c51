"""Small SCORM 1.2 and 2004 packages made for the tests: a manifest and one page that finds the
runtime API the way packages do (walking up the frames), reports and resumes."""
import io
import zipfile

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="lms-test-12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Ladder safety</title>
    <item identifier="i1" identifierref="r1"><title>Ladders</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="content/index.html">
    <file href="content/index.html"/></resource></resources>
</manifest>"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="lms-test-2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Forklift checks</title>
    <item identifier="i1" identifierref="r1" parameters="?start=1"><title>Checks</title></item></organization>
  </organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="content/index.html">
    <file href="content/index.html"/></resource></resources>
</manifest>"""

# the SCO: "Leave" reports an unfinished visit, "Finish" a passed one; #resumed shows what it got back
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SCO</title></head><body>
<p>entry: <span id="entry"></span> · resumed: <span id="resumed"></span></p>
<button id="leave">Leave</button> <button id="finish">Finish</button> <p id="state">started</p>
<script>
function find(name) { var w = window; while (w) { if (w[name]) return w[name]; if (w === w.parent) return null; w = w.parent; } }
var v12 = !!find("API"), api = find("API") || find("API_1484_11");
var call = v12 ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", end: "LMSFinish" }
               : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", end: "Terminate" };
api[call.init]("");
document.getElementById("entry").textContent = api[call.get](v12 ? "cmi.core.entry" : "cmi.entry");
document.getElementById("resumed").textContent = api[call.get]("cmi.suspend_data");
function report(values) {
  for (var key in values) api[call.set](key, values[key]);
  api[call.commit]("");
  api[call.end]("");
  document.getElementById("state").textContent = "reported";
}
document.getElementById("leave").onclick = function () {
  report(v12 ? { "cmi.core.lesson_status": "incomplete", "cmi.suspend_data": "page=3", "cmi.core.exit": "suspend",
                 "cmi.core.lesson_location": "slide-3" }
             : { "cmi.completion_status": "incomplete", "cmi.suspend_data": "page=3", "cmi.exit": "suspend",
                 "cmi.location": "slide-3" });
};
document.getElementById("finish").onclick = function () {
  report(v12 ? { "cmi.core.lesson_status": "passed", "cmi.core.score.raw": "85", "cmi.suspend_data": "page=9" }
             : { "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.9",
                 "cmi.score.raw": "90", "cmi.suspend_data": "page=9" });
};
</script></body></html>"""


def package(standard: str = "1.2", extra: dict[str, bytes] | None = None, manifest: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest or (MANIFEST_12 if standard == "1.2" else MANIFEST_2004))
        archive.writestr("content/index.html", PAGE)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
