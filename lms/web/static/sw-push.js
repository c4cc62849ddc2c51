// Push reminders, in the service worker (/sw.js imports this file): a push from lms carries JSON
// {title, body, url, tag}, encrypted for this browser (RFC 8291), which the browser has decrypted
// by now. It is shown as a notification; a tap opens its page in an lms window.
(function () {
  "use strict";

  function ownPage(url) {
    // only pages of this lms: a push can never send the person elsewhere
    try {
      const target = new URL(url || "/", self.location.origin);
      return target.origin === self.location.origin ? target.href : self.location.origin + "/";
    } catch (error) {
      return self.location.origin + "/";
    }
  }

  self.addEventListener("push", function (event) {
    let message = {};
    if (event.data) {
      try {
        message = event.data.json();
      } catch (error) {
        message = { body: event.data.text() };
      }
    }
    event.waitUntil(self.registration.showNotification(message.title || "lms", {
      body: message.body || "",
      icon: "/static/icon-192.png",
      badge: "/static/badge-96.png",
      tag: message.tag || undefined,  // a newer push about the same thing replaces the older one
      lang: message.lang || undefined,
      data: { url: ownPage(message.url) },
    }));
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    const url = ownPage(event.notification.data && event.notification.data.url);
    event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      const open = windows.filter(function (client) { return new URL(client.url).origin === self.location.origin; });
      const same = open.find(function (client) { return client.url === url; });
      if (same) return same.focus();
      if (open.length && "navigate" in open[0]) {
        return open[0].focus().then(function (client) {
          return (client || open[0]).navigate(url);
        }).catch(function () { return self.clients.openWindow(url); });
      }
      return self.clients.openWindow(url);
    }));
  });
})();
