// The SCORM runtime for the lesson page's frame: scorm-again's API object is put where packages look
// for it (window.API for SCORM 1.2, window.API_1484_11 for 2004), loaded with what the learner's last
// visit left, and told to commit to lms (the address carries the key that stands in for the CSRF token:
// a commit as the page closes goes by sendBeacon, without headers); only then is the package loaded.
(function () {
  "use strict";
  const frame = document.getElementById("scorm-frame");
  if (!frame) return;
  const resume = JSON.parse(document.getElementById("scorm-resume").textContent || "{}");
  const settings = {
    lmsCommitUrl: frame.dataset.commitUrl,
    autocommit: true,
    autocommitSeconds: 10,
    renderCommonCommitFields: true,
    logLevel: 5,
  };
  let api;
  if (frame.dataset.standard === "1.2") {
    api = window.API = new window.Scorm12API(settings);
    if (Object.keys(resume).length) api.loadFromJSON(resume);
    api.cmi.core.student_id = frame.dataset.learnerId;
    api.cmi.core.student_name = frame.dataset.learnerName;
  } else {
    api = window.API_1484_11 = new window.Scorm2004API(settings);
    if (Object.keys(resume).length) api.loadFromJSON(resume);
    api.cmi.learner_id = frame.dataset.learnerId;
    api.cmi.learner_name = frame.dataset.learnerName;
  }
  frame.src = frame.dataset.src;
})();
