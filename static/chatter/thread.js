// CSO Chatter in the browser: new replies appear while the thread is open, a reply's draft
// is kept in the browser until the platform has it, a reply is sent once, and "@" offers
// the members and organisations one may mention. The pages work without it.
(function () {
  "use strict";

  // New replies: ask every few seconds; the platform answers 304 while nothing changed.
  var posts = document.querySelector("ol.posts[data-live]");
  if (posts && window.fetch) {
    var etag = "";
    var waitMs = 8000;
    var lastNumber = function () {
      var items = posts.querySelectorAll("li.post[data-number]");
      var last = items.length ? items[items.length - 1].getAttribute("data-number") : "0";
      return Math.max(parseInt(last, 10) || 0, parseInt(posts.getAttribute("data-last"), 10) || 0);
    };
    var ask = function () {
      if (document.hidden) { return schedule(); }
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(posts.getAttribute("data-live") + "?after=" + lastNumber(), {
        headers: headers, credentials: "same-origin", cache: "no-cache"
      }).then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag") || "";
          return response.text().then(function (html) {
            if (html.trim()) {
              posts.insertAdjacentHTML("beforeend", html);
              var items = posts.querySelectorAll("li.post[data-number]");
              posts.setAttribute("data-last", items[items.length - 1].getAttribute("data-number"));
            }
          });
        }
        if (response.status === 304) { etag = response.headers.get("ETag") || etag; }
      }).catch(function () { /* the link dropped: try again later */ })
        .then(schedule);
    };
    var timer = null;
    var schedule = function () { clearTimeout(timer); timer = setTimeout(ask, waitMs); };
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { ask(); } });
    schedule();
  }

  // Drafts, kept in the browser with the form's key until the platform confirms the post.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
    var key = form.getAttribute("data-draft");
    var text = form.querySelector("textarea");
    var once = form.querySelector("input[name=once]");
    var store = window.localStorage;
    if (!text || !store) { return; }
    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (e) { kept = null; }
    var sent = new URLSearchParams(window.location.search).get("sent");
    if (kept && sent && kept.once === sent) {
      store.removeItem(key);
    } else if (kept && kept.body && !text.value) {
      text.value = kept.body;
      if (once && kept.once) { once.value = kept.once; }
    }
    text.addEventListener("input", function () {
      if (text.value.trim()) {
        store.setItem(key, JSON.stringify({ body: text.value, once: once ? once.value : "" }));
      } else {
        store.removeItem(key);
      }
    });
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        setTimeout(function () { button.disabled = false; }, 8000);
      }
    });
  });

  // Mentions: after "@", the members and organisations whose names start so.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-mentions]"), function (form) {
    var text = form.querySelector("textarea");
    if (!text || !window.fetch) { return; }
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("data-testid", "mention-list");
    list.hidden = true;
    text.parentNode.insertBefore(list, text.nextSibling);
    var active = -1;
    var typed = function () {
      var before = text.value.slice(0, text.selectionStart);
      var found = /(^|[\s(])@([a-z0-9][a-z0-9._-]*)$/i.exec(before);
      return found ? found[2] : null;
    };
    var close = function () { list.hidden = true; list.innerHTML = ""; active = -1; };
    var choose = function (handle) {
      var at = text.selectionStart;
      var before = text.value.slice(0, at).replace(/@([a-z0-9][a-z0-9._-]*)$/i, "@" + handle + " ");
      text.value = before + text.value.slice(at);
      text.selectionStart = text.selectionEnd = before.length;
      text.dispatchEvent(new Event("input"));
      close();
      text.focus();
    };
    var pending = null;
    text.addEventListener("input", function () {
      var query = typed();
      clearTimeout(pending);
      if (!query) { return close(); }
      pending = setTimeout(function () {
        fetch(form.getAttribute("data-mentions") + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin"
        }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (item, index) {
              var option = document.createElement("li");
              option.setAttribute("role", "option");
              option.id = "mention-" + index;
              var strong = document.createElement("strong");
              strong.textContent = "@" + item.handle;
              option.appendChild(strong);
              option.appendChild(document.createTextNode(" " + item.name +
                (item.organisation ? " · " + item.organisation : "")));
              option.addEventListener("mousedown", function (event) {
                event.preventDefault();
                choose(item.handle);
              });
              option.setAttribute("data-handle", item.handle);
              list.appendChild(option);
            });
            list.hidden = !data.results.length;
            active = data.results.length ? 0 : -1;
            mark();
          }).catch(close);
      }, 200);
    });
    var mark = function () {
      Array.prototype.forEach.call(list.children, function (option, index) {
        option.setAttribute("aria-selected", index === active ? "true" : "false");
      });
    };
    text.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      var count = list.children.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        active = (active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
        mark();
        event.preventDefault();
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        choose(list.children[active].getAttribute("data-handle"));
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
      }
    });
    text.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
