// Courses kept on this phone for offline use: "Download for offline" on a course page fills a cache
// of its own with the course's pages, video, captions and quiz (the list comes from
// /courses/<id>/offline); /me/offline lists those caches and removes them. static/sw.js serves them,
// to the same person only: the cache's name says whose it is.
(function () {
  const KEEP = "lms-course-" + document.body.dataset.person + "-";
  const supported = "caches" in window && "serviceWorker" in navigator;
  const LARGE = 100e6;  // bytes: more than a mobile plan likes
  const packageKey = function (course) { return "/offline/package/" + course; };

  function megabytes(bytes) {
    const figure = (bytes / 1e6).toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 });
    return figure + " MB";
  }

  async function keptPackage(course) {
    const cache = await caches.open(KEEP + course);
    const found = await cache.match(packageKey(course));
    return found ? found.json() : null;
  }

  async function download(pack, shown) {
    const cache = await caches.open(KEEP + pack.course);
    let done = 0;
    for (const url of pack.urls) {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || response.redirected) throw new Error(url + " answered " + response.status);
      done += Number(response.headers.get("content-length")) || 0;
      await cache.put(url, response);
      shown(Math.min(99, Math.round(100 * done / pack.bytes)));
    }
    const kept = JSON.stringify(Object.assign({ kept_at: new Date().toISOString() }, pack));
    await cache.put(packageKey(pack.course), new Response(kept, { headers: { "content-type": "application/json" } }));
  }

  async function courseSection(section) {
    const course = section.dataset.course;
    const save = section.querySelector("[data-offline-save]");
    const remove = section.querySelector("[data-offline-remove]");
    const bar = section.querySelector("[data-offline-progress]");
    const state = section.querySelector("[data-offline-state]");
    let pack = null;
    try {
      const response = await fetch(section.dataset.offline, { credentials: "same-origin" });
      if (response.ok) pack = await response.json();
    } catch (error) { /* offline */ }
    pack = pack || await keptPackage(course);  // offline, on a kept page
    if (!pack) return;
    section.hidden = false;
    async function show(message) {
      const kept = await caches.has(KEEP + course);
      save.hidden = kept || Boolean(pack.missing);
      remove.hidden = !kept;
      const large = pack.bytes > LARGE ? section.dataset.large : "";
      state.textContent = message || (kept ? section.dataset.kept : pack.missing || large);
    }
    section.querySelector("[data-offline-size]").textContent = "(" + megabytes(pack.bytes) + ")";
    await show();
    save.addEventListener("click", async function () {
      save.disabled = true;
      bar.hidden = false;
      let message = "";
      try {
        await download(pack, function (percent) {
          bar.value = percent;
          state.textContent = section.dataset.progress.replace("{percent}", percent);
        });
      } catch (error) {
        await caches.delete(KEEP + course);  // half a course is no use offline
        message = error.name === "QuotaExceededError" ? section.dataset.full : section.dataset.failed;
      }
      bar.hidden = true;
      save.disabled = false;
      await show(message);
    });
    remove.addEventListener("click", async function () {
      if (!window.confirm(section.dataset.confirm)) return;
      await caches.delete(KEEP + course);
      await show();
    });
  }

  async function downloadsList(box) {
    const list = box.querySelector("[data-downloads-list]");
    const empty = box.querySelector("[data-downloads-empty]");
    list.replaceChildren();
    const names = (await caches.keys()).filter(function (name) { return name.startsWith(KEEP); });
    for (const name of names) {
      const pack = await keptPackage(name.slice(KEEP.length));
      if (!pack) continue;
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/courses/" + pack.course;
      link.textContent = pack.title;
      const facts = document.createElement("span");
      facts.className = "muted";
      const day = new Date(pack.kept_at).toLocaleDateString(document.documentElement.lang);
      facts.textContent = megabytes(pack.bytes) + " · " + box.dataset.keptOn.replace("{date}", day);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = box.dataset.remove;
      remove.setAttribute("aria-label", box.dataset.remove + ": " + pack.title);
      remove.addEventListener("click", async function () {
        if (!window.confirm(box.dataset.confirm)) return;
        await caches.delete(name);
        await downloadsList(box);
      });
      item.append(link, " ", facts, " ", remove);
      list.append(item);
    }
    empty.hidden = list.children.length > 0;
  }

  const section = document.querySelector("[data-offline]");
  if (section && supported) courseSection(section);
  const box = document.querySelector("[data-downloads]");
  if (box && supported) downloadsList(box);
  else if (box) {
    box.hidden = true;
    document.querySelector("[data-downloads-unsupported]").hidden = false;
  }
})();
