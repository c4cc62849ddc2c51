// lms's service worker (served at /sw.js after a line that defines SHELL: lms/web/app_shell.py).
// - The app shell (CSS, scripts, icons, the offline pages) comes from the cache.
// - Pages come from the network, or from a course kept for offline when there is none.
// - A course kept for offline lives in a cache of its own, "lms-course-<person>-<course>"
//   (static/offline.js fills it); only that person's pages are ever shown from it.
// - What the learner does offline (video progress, "Done", quiz answers) waits in IndexedDB and is
//   sent once, in order, when the network is back: by Background Sync, or at the next page.
//   Each answer carries its own key, so the server keeps it once even if it arrives twice.
/* global SHELL */
importScripts(SHELL.push);

const SHELL_CACHE = "lms-shell-" + SHELL.version;
const COURSE_CACHE = "lms-course-";
const QUEUED = /^\/courses\/\d+\/(lessons\/\d+\/(progress|done)|quiz)$/;
const SLOW_NETWORK_MS = 4000;  // a kept page is shown when the network takes longer than this
const MAX_TRIES = 5;  // sends of one queued answer the server failed (5xx) before it is given up

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then(function (cache) { return cache.addAll(SHELL.files); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.startsWith("lms-shell-") && name !== SHELL_CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (url.pathname === "/sign-out") event.waitUntil(forgetPerson());
    else if (QUEUED.test(url.pathname)) event.respondWith(sendOrKeep(request, url));
    return;
  }
  if (request.method !== "GET" || url.pathname === "/sw.js") return;
  if (url.pathname.startsWith("/media/")) event.respondWith(media(request));
  else if (url.pathname.startsWith("/static/")) event.respondWith(cacheFirst(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
  else event.respondWith(networkFirst(request));
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "lms-queue") return;
  // a rejection tells the browser to try again later
  event.waitUntil(flush().then(function (left) { if (left) throw new Error(left + " still to send"); }));
});

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type === "person") event.waitUntil(meet(data.person));
  if (data.type === "flush") event.waitUntil(flush());
});

// ---- reading ----

// Static files are named by their content's hash; after a release a kept page still asks for the
// old name, so the same file of another version stands in when the network cannot help.
async function cacheFirst(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    return (await caches.match(request, { ignoreSearch: true })) || offlineText();
  }
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await caches.match(request);
    if (kept) return kept;
    // htmx leaves the page as it is on "no content" (an inbox badge, a live search): no error to show
    return request.headers.get("hx-request") ? new Response(null, { status: 204 }) : offlineText();
  }
}

// A page: the network's answer, fresh into the course cache that keeps it; the kept copy when the
// network fails or is slower than SLOW_NETWORK_MS; else the offline page.
async function page(request) {
  const kept = await keptPage(request);
  const fromNetwork = fetch(request).then(function (response) {
    if (kept && response.ok && !response.redirected) refreshKept(request, response.clone());
    return response;
  });
  fromNetwork.catch(function () {});  // when the kept copy won the race, a failure later is no news
  try {
    return await (kept ? Promise.race([fromNetwork, late(SLOW_NETWORK_MS)]) : fromNetwork) || kept;
  } catch (error) {
    const shell = await caches.open(SHELL_CACHE);  // the offline pages, kept for everyone
    return kept || (await shell.match(request, { ignoreSearch: true })) || (await shell.match("/offline")) ||
      offlineText();
  }
}

function late(milliseconds) {
  return new Promise(function (resolve) { setTimeout(resolve, milliseconds, null); });
}

// The caches of the person whose session this is (pages say who: static/pwa.js).
async function ownCaches() {
  const person = await recall("person");
  if (person === undefined) return [];
  const prefix = COURSE_CACHE + person + "-";
  return (await caches.keys()).filter(function (name) { return name.startsWith(prefix); });
}

async function keptPage(request) {
  for (const name of await ownCaches()) {
    const found = await (await caches.open(name)).match(request, { ignoreSearch: true });
    if (found) return found;
  }
  return null;
}

async function refreshKept(request, response) {
  const path = new URL(request.url).pathname;
  for (const name of await ownCaches()) {
    const cache = await caches.open(name);
    if (await cache.match(path)) await cache.put(path, response.clone());
  }
}

// A video kept offline is one whole file; the player asks for ranges of it.
async function media(request) {
  const kept = await caches.match(request.url, { ignoreVary: true });
  if (!kept) return fetch(request);
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") || "");
  if (!range) return kept;
  const body = await kept.blob();
  const start = range[1] === "" ? Math.max(0, body.size - Number(range[2])) : Number(range[1]);
  const end = range[1] !== "" && range[2] !== "" ? Math.min(Number(range[2]), body.size - 1) : body.size - 1;
  if (start > end) return new Response(null, { status: 416, headers: { "content-range": "bytes */" + body.size } });
  return new Response(body.slice(start, end + 1), { status: 206, headers: {
    "content-type": kept.headers.get("content-type") || "video/mp4",
    "content-range": "bytes " + start + "-" + end + "/" + body.size,
    "content-length": String(end - start + 1), "accept-ranges": "bytes" } });
}

function offlineText() {
  return new Response("You are offline.", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// ---- writing while offline ----

async function sendOrKeep(request, url) {
  const body = await request.clone().text();
  const key = crypto.randomUUID();
  try {
    // a quiz answer carries its key from the first try: if the answer to it is lost, the copy sent
    // later is the same attempt, not a second one
    return await fetch(url.pathname.endsWith("/quiz") ? new Request(request.url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "content-type": request.headers.get("content-type"), "x-lms-queued": key } }) : request);
  } catch (error) {  // no network: keep it, and answer as the server would have, as far as the phone knows
    await keep({ key: key, path: url.pathname, body: body, at: Date.now() / 1000, tries: 0,
                 person: await recall("person") });
    if (self.registration.sync) self.registration.sync.register("lms-queue").catch(function () {});
    return answerOffline(url.pathname);
  }
}

async function answerOffline(path) {
  if (path.endsWith("/progress")) return new Response("kept", { status: 202 });
  const course = path.split("/")[2];
  const next = path.endsWith("/done") ? await nextStep(course, path.replace(/\/done$/, "")) : null;
  return Response.redirect(next || "/offline/queued?course=" + course, 303);
}

// The step after a lesson, as the course's kept package lists them (lessons, then the quiz).
async function nextStep(course, lesson) {
  const kept = await keptPage(new Request("/offline/package/" + course));
  if (!kept) return null;
  const steps = (await kept.json()).steps;
  const index = steps.indexOf(lesson);
  return index >= 0 && index + 1 < steps.length ? steps[index + 1] : null;
}

let flushing = null;

function flush() {  // one at a time: a second call while sending waits for the first
  if (!flushing) flushing = send().finally(function () { flushing = null; });
  return flushing;
}

// Sends what waits, in order; returns how many of this person's are left to send later.
async function send() {
  const waiting = await kept();
  if (!waiting.length) return 0;
  let session;
  try {
    const response = await fetch("/offline/token", { credentials: "same-origin", redirect: "manual" });
    if (!response.ok) return 0;  // signed out: it waits until its person signs in again
    session = await response.json();
  } catch (error) {
    return waiting.length;  // still offline
  }
  const own = waiting.filter(function (entry) { return entry.person === undefined || entry.person === session.person; });
  let sent = 0, refused = 0;
  for (const entry of own) {
    const outcome = await sendOne(entry, session);
    if (outcome === "later") break;  // the rest waits, in order
    if (outcome === "sent") sent += 1;
    else refused += 1;
    await drop(entry.seq);
  }
  const windows = await self.clients.matchAll({ type: "window" });
  windows.forEach(function (client) { client.postMessage({ type: "sent", sent: sent, refused: refused }); });
  return own.length - sent - refused;
}

// "sent"; "refused" when it can never be taken (the course was withdrawn, the video not watched far
// enough) or the server failed it MAX_TRIES times; "later" when offline again or the server is busy.
async function sendOne(entry, session) {
  const body = new URLSearchParams(entry.body);
  if (body.has("_csrf_token")) body.set("_csrf_token", session.token);
  if (entry.path.endsWith("/progress")) body.set("at", String(entry.at));
  let response;
  try {
    response = await fetch(entry.path, { method: "POST", body: body, credentials: "same-origin", redirect: "manual",
                                         headers: { "x-csrftoken": session.token, "x-lms-queued": entry.key } });
  } catch (error) {
    return "later";
  }
  // the server answers a queued request with its status, never a redirect: one means the session ended
  if (response.type === "opaqueredirect" || response.status === 408 || response.status === 429) return "later";
  if (response.status >= 500) {
    entry.tries = (entry.tries || 0) + 1;
    if (entry.tries >= MAX_TRIES) return "refused";
    await update(entry);
    return "later";
  }
  return response.ok ? "sent" : "refused";
}

// When someone signs out, what was kept for them goes: a shared phone shows the next person nothing
// of it, and receives none of their push notifications (the push service then answers lms 410, and
// lms forgets the subscription). What they did offline stays queued, sent only in their own session.
async function forgetPerson() {
  await remember("person", undefined);
  await forgetCourses(undefined);
  if (!self.registration.pushManager) return;
  const subscription = await self.registration.pushManager.getSubscription();
  if (subscription) await subscription.unsubscribe().catch(function () {});
}

// A page names its person. Someone else than last time (a session that ended without "Sign out", a
// sign-out through the organisation's sign-in service): the courses kept for others go.
async function meet(person) {
  if (await recall("person") === person) return;
  await remember("person", person);
  await forgetCourses(person);
}

async function forgetCourses(except) {
  const own = COURSE_CACHE + except + "-";
  const names = (await caches.keys()).filter(function (name) {
    return name.startsWith(COURSE_CACHE) && (except === undefined || !name.startsWith(own));
  });
  await Promise.all(names.map(function (name) { return caches.delete(name); }));
}

// ---- IndexedDB: the queue, in the order things were done, and what the worker must remember ----

function database() {
  return new Promise(function (resolve, reject) {
    const opening = indexedDB.open("lms", 1);
    opening.onupgradeneeded = function () {
      opening.result.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      opening.result.createObjectStore("memory");
    };
    opening.onsuccess = function () { resolve(opening.result); };
    opening.onerror = function () { reject(opening.error); };
  });
}

async function stored(storeName, mode, work) {
  const db = await database();
  return new Promise(function (resolve, reject) {
    const transaction = db.transaction(storeName, mode);
    const request = work(transaction.objectStore(storeName));
    transaction.oncomplete = function () { db.close(); resolve(request && request.result); };
    transaction.onerror = function () { db.close(); reject(transaction.error); };
  });
}

function keep(entry) { return stored("queue", "readwrite", function (store) { return store.add(entry); }); }
function kept() { return stored("queue", "readonly", function (store) { return store.getAll(); }); }
function drop(seq) { return stored("queue", "readwrite", function (store) { return store.delete(seq); }); }
function update(entry) { return stored("queue", "readwrite", function (store) { return store.put(entry); }); }
function remember(name, value) {
  return stored("memory", "readwrite", function (store) { return store.put(value, name); });
}
function recall(name) { return stored("memory", "readonly", function (store) { return store.get(name); }); }
