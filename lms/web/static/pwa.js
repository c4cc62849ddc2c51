// On every page: start the service worker (static/sw.js), tell it whose session this is, and have it
// send what was done offline; say so when it has.
(function () {
  if (!("serviceWorker" in navigator)) return;
  const person = document.body.dataset.person;
  // after the page has loaded: installing fetches the app shell, which must not slow the first page
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {});  // without it lms is a web page as before
  });

  function tell(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }
  if (person) tell({ type: "person", person: Number(person) });
  if (person && navigator.onLine) tell({ type: "flush" });
  window.addEventListener("online", function () { tell({ type: "flush" }); });

  navigator.serviceWorker.addEventListener("message", function (event) {
    const data = event.data || {};
    const notice = document.getElementById("offline-sent");
    if (data.type !== "sent" || !notice || !(data.sent || data.refused)) return;
    notice.textContent = data.refused ? notice.dataset.refused : notice.dataset.sent;
    notice.hidden = false;
  });
})();
