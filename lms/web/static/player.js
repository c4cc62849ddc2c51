// The lesson player: resume at the saved second; report the position and the ranges actually
// played (a seek closes a range, so skipping ahead adds nothing; a faster speed plays it all).
(function () {
  const video = document.getElementById("player");
  if (!video) return;
  const url = video.dataset.progressUrl;
  const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"];
  const played = [];  // closed ranges [start, end] of this visit
  let start = null;   // where the range being played began
  let last = 0;       // the last moment seen while playing
  let lastSent = -1;

  function openRange() { start = last = video.currentTime; }
  function closeRange() {
    if (start !== null && last > start) played.push([start, last]);
    start = null;
  }
  function ranges() {
    const all = start !== null && last > start ? played.concat([[start, last]]) : played;
    return all.map(function (r) { return r[0].toFixed(1) + "-" + r[1].toFixed(1); }).join(",");
  }

  function save(ended) {
    const position = Math.floor(video.currentTime);
    if (!ended && position === lastSent) return;
    lastSent = position;
    const body = new URLSearchParams({ position: String(position), ended: ended ? "1" : "0", played: ranges() });
    fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin",
                 headers: { "x-csrftoken": token } }).then(function (response) {
      if (ended && response.ok) document.getElementById("done-next").focus();
    });
  }

  video.addEventListener("loadedmetadata", function () {
    const resume = parseFloat(video.dataset.resume || "0");
    if (resume > 0 && resume < video.duration - 1) video.currentTime = resume;
  });
  video.addEventListener("playing", openRange);
  video.addEventListener("seeking", closeRange);
  video.addEventListener("seeked", function () { if (!video.paused) openRange(); });
  video.addEventListener("timeupdate", function () {
    if (start === null || video.seeking) return;
    // a jump the browser did not announce as a seek is not playing either
    if (video.currentTime < last || video.currentTime - last > 2 * Math.max(1, video.playbackRate)) {
      closeRange();
      openRange();
      return;
    }
    last = video.currentTime;
    if (Math.floor(last) % 5 === 0) save(false);
  });
  video.addEventListener("pause", function () {
    if (start !== null && video.currentTime - last <= 2) last = video.currentTime;
    closeRange();
    save(false);
  });
  video.addEventListener("ended", function () {
    if (start !== null) last = video.duration;
    closeRange();
    save(true);
  });
  document.querySelectorAll("[data-seek]").forEach(function (button) {  // the transcript's moments
    button.addEventListener("click", function () {
      video.currentTime = parseFloat(button.dataset.seek);
      video.play().catch(function () {});  // paused again before it started: nothing to report
    });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(false);
  });
})();
