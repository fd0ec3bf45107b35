// The device's copy of downloaded sessions and the outbox of rows not yet
// sent, in IndexedDB (through the vendored idb library). Survives closing the
// page and restarting the phone.
(function () {
  "use strict";
  let opened = null;

  function db() {
    if (!opened) {
      opened = idb.openDB("ilp-offline", 1, {
        upgrade: function (d) {
          d.createObjectStore("sessions", {keyPath: "session.id"});
          const outbox = d.createObjectStore("outbox", {keyPath: "seq", autoIncrement: true});
          outbox.createIndex("session", "session");
          d.createObjectStore("meta");
        },
      });
    }
    return opened;
  }

  window.ILPStore = {
    roster: async function (id) { return (await db()).get("sessions", id); },
    saveRoster: async function (roster) { return (await db()).put("sessions", roster); },
    meta: async function (key) { return (await db()).get("meta", key); },
    setMeta: async function (key, value) { return (await db()).put("meta", value, key); },
    // Every outbox item, oldest first (the order they were entered in).
    items: async function () { return (await db()).getAll("outbox"); },
    add: async function (item) { return (await db()).add("outbox", item); },
    put: async function (item) { return (await db()).put("outbox", item); },
    remove: async function (seq) { return (await db()).delete("outbox", seq); },
  };
})();
