// Push notifications on the notification settings page: turn them on in this browser (permission,
// then a subscription with lms's VAPID key, sent to lms), show whether they are on, off, blocked or
// not possible here, send a test, turn them off. The service worker (/sw.js, with sw-push.js) shows them.
(function () {
  "use strict";
  const section = document.getElementById("push");
  if (!section) return;
  const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"];

  function show(state, buttons) {
    section.querySelectorAll("[data-state]").forEach(function (element) {
      element.hidden = element.dataset.state !== state;
    });
    section.querySelectorAll("[data-show]").forEach(function (element) {
      element.hidden = element.dataset.show !== buttons;
    });
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function applicationServerKey() {
    const text = section.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(text + "=".repeat((4 - text.length % 4) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function worker() {
    // the app registers /sw.js on every page; a browser that has not yet done so does it here
    const registering = navigator.serviceWorker.controller ? Promise.resolve() : navigator.serviceWorker.register("/sw.js");
    return registering.then(function () { return navigator.serviceWorker.ready; });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
      headers: { "content-type": "application/json", "x-csrftoken": token },
    }).then(function (response) {
      // signed out meanwhile: the answer is the sign-in page
      if (!response.ok || response.redirected) throw new Error("refused: " + response.status);
      return response.json();
    });
  }

  function sameKey(subscription) {
    const key = subscription.options && subscription.options.applicationServerKey;
    if (!key) return true;
    const mine = applicationServerKey();
    const theirs = new Uint8Array(key);
    return theirs.length === mine.length && theirs.every(function (byte, i) { return byte === mine[i]; });
  }

  function current() {
    return worker().then(function (registration) { return registration.pushManager.getSubscription(); });
  }

  function refresh() {
    show("checking", "");
    if (!supported()) return show("unsupported", "");
    if (Notification.permission === "denied") return show("blocked", "");
    return current().then(function (subscription) {
      if (subscription && Notification.permission === "granted") {
        // lms may have dropped it (expired) or made a new key: subscribing again tells it again
        return post(section.dataset.subscribe, subscription.toJSON()).then(function () { show("on", "on"); });
      }
      show("off", "off");
    }).catch(function () { show("off", "off"); });
  }

  function turnOn() {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") return show(permission === "denied" ? "blocked" : "off", permission === "denied" ? "" : "off");
      return worker().then(function (registration) {
        return registration.pushManager.getSubscription().then(function (old) {
          // a subscription made with another key cannot receive lms's pushes: replace it
          return old && !sameKey(old) ? old.unsubscribe() : null;
        }).then(function () {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey() });
        });
      }).then(function (subscription) {
        return post(section.dataset.subscribe, subscription.toJSON());
      }).then(function () { show("on", "on"); });
    }).catch(function () { show("failed", "off"); });
  }

  function turnOff() {
    current().then(function (subscription) {
      if (!subscription) return show("off", "off");
      const endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(section.dataset.unsubscribe, { endpoint: endpoint }).catch(function () { /* already gone */ });
      }).then(function () { show("off", "off"); });
    }).catch(function () { show("failed", "on"); });
  }

  function test() {
    post(section.dataset.test).then(function (outcome) {
      show(outcome.delivered ? "sent" : "not-sent", "on");
    }).catch(function () { show("failed", "on"); });
  }

  const actions = { on: turnOn, off: turnOff, test: test };
  section.addEventListener("click", function (event) {
    const button = event.target.closest("[data-action]");
    if (button) actions[button.dataset.action]();
  });
  refresh();
})();
