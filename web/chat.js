/* Wereldwijs chat page: talks to Rasa's socketio channel (session_request / session_confirm /
 * user_uttered / bot_uttered). Bot and user text only ever reaches the page through textContent. */
(function () {
  "use strict";

  var STORE_KEY = "wereldwijs.chat.v1";
  var MAX_ITEMS = 300;
  var ANSWER_TIMEOUT_MS = 30000;
  var LANGS = ["nl", "en"];
  var I18N = window.WERELDWIJS_I18N;
  var URL_RE = /https?:\/\/[^\s<>"'`]+/g;
  var TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;

  // ---------- rendering (pure DOM, no innerHTML) ----------

  function appendLinkified(parent, text, labels) {
    var last = 0;
    text.replace(URL_RE, function (match, offset) {
      var url = match.replace(TRAILING_PUNCT, "");
      if (offset > last) parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = document.createElement("a");
      a.href = url;
      a.textContent = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      if (labels && labels.newWindow) {
        var hint = document.createElement("span");
        hint.className = "sr-only";
        hint.textContent = " " + labels.newWindow;
        a.appendChild(hint);
      }
      parent.appendChild(a);
      last = offset + url.length;
      return match;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Inline text: **bold** becomes <strong>, URLs become links; everything else stays literal.
  function appendInline(parent, text, labels) {
    var parts = text.split(/\*\*([^*\n]+)\*\*/);
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) continue;
      if (i % 2 === 1) {
        var strong = document.createElement("strong");
        appendLinkified(strong, parts[i], labels);
        parent.appendChild(strong);
      } else {
        appendLinkified(parent, parts[i], labels);
      }
    }
  }

  // A bot text as a fragment: "- " / "• " lines become list items, other lines keep their breaks.
  function renderRich(text, labels) {
    var frag = document.createDocumentFragment();
    var lines = String(text == null ? "" : text).split(/\r?\n/);
    var list = null, para = null;
    lines.forEach(function (line) {
      var item = /^\s*(?:- |• )(.*)$/.exec(line);
      if (item) {
        para = null;
        if (!list) { list = document.createElement("ul"); frag.appendChild(list); }
        var li = document.createElement("li");
        appendInline(li, item[1], labels);
        list.appendChild(li);
      } else if (!line.trim()) {
        list = null; para = null;
      } else {
        list = null;
        if (para) para.appendChild(document.createElement("br"));
        else { para = document.createElement("p"); frag.appendChild(para); }
        appendInline(para, line, labels);
      }
    });
    return frag;
  }

  // ---------- state, persisted in the browser ----------

  var config = window.WERELDWIJS_CONFIG || {};
  var storage = (function () {
    try {
      var s = config.storage === "session" ? window.sessionStorage : window.localStorage;
      s.setItem(STORE_KEY + ".probe", "1"); s.removeItem(STORE_KEY + ".probe");
      return s;
    } catch (e) { return null; } // private mode or storage blocked: the chat still works, unsaved
  })();

  function loadState() {
    try {
      var raw = storage && storage.getItem(STORE_KEY);
      var s = raw ? JSON.parse(raw) : null;
      if (s && Array.isArray(s.items)) return s;
    } catch (e) { /* corrupt entry: start afresh */ }
    return null;
  }

  function freshState(lang) {
    return { sessionId: null, lang: lang, languagePending: true, items: [] };
  }

  function save() {
    if (!storage) return;
    state.items = state.items.slice(-MAX_ITEMS);
    try { storage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* quota: keep going */ }
  }

  function queryParam(name) {
    try { return new URLSearchParams(window.location.search).get(name); } catch (e) { return null; }
  }

  function pickLanguage(stored) {
    var q = (queryParam("lang") || "").toLowerCase();
    if (LANGS.indexOf(q) >= 0) return q;
    if (stored && LANGS.indexOf(stored) >= 0) return stored;
    var html = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
    return LANGS.indexOf(html) >= 0 ? html : "nl";
  }

  function isLoopback(url) {
    try { return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(new URL(url).hostname); }
    catch (e) { return false; }
  }

  function serverUrl() {
    var q = queryParam("server");
    if (q && /^https?:\/\//.test(q) && (config.allowServerParam || isLoopback(q))) return q;
    return config.rasaUrl || window.location.origin;
  }

  var state = loadState();
  if (state) {
    var chosen = pickLanguage(state.lang);
    if (chosen !== state.lang) { state.lang = chosen; state.languagePending = true; }
  } else {
    state = freshState(pickLanguage(null));
  }

  // ---------- DOM ----------

  var el = {
    log: document.getElementById("log"),
    empty: document.getElementById("empty"),
    typing: document.getElementById("typing"),
    status: document.getElementById("status"),
    form: document.getElementById("composer"),
    input: document.getElementById("input"),
    newChat: document.getElementById("new-chat"),
    langButtons: document.querySelectorAll(".lang-toggle button")
  };

  function t(key) { return (I18N[state.lang] || I18N.nl)[key] || ""; }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = t("pageTitle");
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      var value = t(node.getAttribute("data-i18n"));
      node.textContent = node.classList.contains("sr-only") && node.parentNode.dataset.lang ? " " + value : value;
    });
    document.querySelectorAll("[data-i18n-aria]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.getAttribute("data-i18n-aria")));
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) {
      node.setAttribute("placeholder", t(node.getAttribute("data-i18n-placeholder")));
    });
    document.querySelectorAll("[data-i18n-title]").forEach(function (node) {
      node.setAttribute("title", t(node.getAttribute("data-i18n-title")));
    });
    el.langButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
    });
    el.log.querySelectorAll(".quick-replies").forEach(function (g) {
      g.setAttribute("aria-label", t("repliesLabel"));
    });
    el.log.querySelectorAll(".who").forEach(function (w) {
      w.textContent = t(w.dataset.who === "user" ? "you" : "bot") + ": ";
    });
  }

  function setStatus(key) { el.status.textContent = key ? t(key) : ""; }

  function scrollToEnd() { el.log.scrollTop = el.log.scrollHeight; }

  function disableOldReplies() {
    el.log.querySelectorAll(".quick-replies button").forEach(function (b) { b.disabled = true; });
    state.items.forEach(function (item) { item.active = false; });
  }

  function renderItem(item) {
    el.empty.hidden = true;
    var row = document.createElement("div");
    row.className = "msg " + (item.who === "user" ? "msg-user" : "msg-bot");
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    var who = document.createElement("span");
    who.className = "sr-only who";
    who.dataset.who = item.who;
    who.textContent = t(item.who === "user" ? "you" : "bot") + ": ";
    bubble.appendChild(who);
    if (item.who === "user") {
      var p = document.createElement("p");
      p.className = "user-text";
      p.textContent = item.text;
      bubble.appendChild(p);
    } else {
      bubble.appendChild(renderRich(item.text, { newWindow: t("newWindow") }));
    }
    if (item.download) {
      // the firm's report: a real link (the address is the key), opened outside the chat page
      var a = document.createElement("a");
      a.className = "download";
      a.href = item.download.href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.setAttribute("download", "");
      a.textContent = item.download.title;
      bubble.appendChild(a);
    }
    row.appendChild(bubble);
    el.log.appendChild(row);

    if (item.buttons && item.buttons.length) {
      var group = document.createElement("div");
      group.className = "quick-replies";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", t("repliesLabel"));
      item.buttons.forEach(function (btn) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = btn.title;
        b.disabled = !item.active;
        b.addEventListener("click", function () {
          send(btn.title, btn.payload);
          el.input.focus();
        });
        group.appendChild(b);
      });
      el.log.appendChild(group);
    }
    scrollToEnd();
  }

  function addItem(item) {
    state.items.push(item);
    save();
    renderItem(item);
  }

  function renderTranscript() {
    el.log.querySelectorAll(".msg, .quick-replies").forEach(function (n) { n.remove(); });
    el.empty.hidden = state.items.length > 0;
    state.items.forEach(renderItem);
  }

  // ---------- typing indicator ----------

  var answerTimer = null;
  function showTyping() {
    el.typing.hidden = false;
    clearTimeout(answerTimer);
    answerTimer = setTimeout(function () { hideTyping(); setStatus("noAnswer"); }, ANSWER_TIMEOUT_MS);
    scrollToEnd();
  }
  function hideTyping() { el.typing.hidden = true; clearTimeout(answerTimer); }

  // ---------- socket.io ----------

  var socket = null, confirmed = false, outbox = [];

  function emitUserMessage(message) {
    var data = { message: message, session_id: state.sessionId };
    if (state.languagePending) {
      data.metadata = { language: state.lang };
      state.languagePending = false;
      save();
    }
    socket.emit(config.userMessageEvt || "user_uttered", data);
  }

  function flush() {
    while (confirmed && outbox.length) emitUserMessage(outbox.shift());
  }

  function send(title, payload) {
    var shown = String(title).trim();
    if (!shown) return;
    disableOldReplies();
    addItem({ who: "user", text: shown });
    outbox.push(payload || shown);
    setStatus(confirmed ? "" : "queued");
    showTyping();
    flush();
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    hideTyping();
    setStatus("");
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && b.title != null;
    }).map(function (b) {
      return { title: String(b.title), payload: String(b.payload != null ? b.payload : b.title) };
    });
    var text = data.text != null ? String(data.text) : "";
    var att = data.attachment;
    if (att && att.payload && typeof att.payload.src === "string") {
      text += (text ? "\n" : "") + att.payload.src; // shown as a link, never loaded into the page
    }
    var download = null;
    if (att && att.type === "report" && typeof att.pdf === "string" && /^https?:\/\//.test(att.pdf)) {
      download = { href: att.pdf, title: String(att.button || att.title || "PDF") };
    }
    if (!text && !buttons.length && !download) return;
    if (buttons.length) disableOldReplies();
    addItem({ who: "bot", text: text, buttons: buttons, active: buttons.length > 0, download: download });
  }

  function connect() {
    var opts = {
      path: config.socketPath || "/socket.io",
      transports: config.transports || ["websocket"]
    };
    if (config.token) opts.auth = { token: config.token };
    socket = window.io(serverUrl(), opts);
    setStatus("connecting");
    socket.on("connect", function () {
      // On every (re)connect: join the room of our conversation again.
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      var id = typeof sessionId === "string" ? sessionId : sessionId && sessionId.session_id;
      if (id && id !== state.sessionId) { state.sessionId = id; save(); }
      confirmed = true;
      setStatus("");
      flush();
    });
    socket.on(config.botMessageEvt || "bot_uttered", onBotMessage);
    socket.on("disconnect", function () { confirmed = false; setStatus("offline"); });
    socket.on("connect_error", function () { confirmed = false; setStatus("offline"); });
  }

  function newConversation() {
    if (socket) { socket.removeAllListeners(); socket.disconnect(); }
    confirmed = false; outbox = [];
    hideTyping();
    state = freshState(state.lang);
    save();
    renderTranscript();
    connect();
    el.input.focus();
  }

  // ---------- wiring ----------

  function init() {
    applyLanguage();
    renderTranscript();
    el.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = el.input.value;
      if (!text.trim()) return;
      el.input.value = "";
      send(text);
    });
    el.input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        el.form.requestSubmit ? el.form.requestSubmit() : el.form.dispatchEvent(new Event("submit"));
      }
    });
    el.langButtons.forEach(function (b) {
      b.addEventListener("click", function () {
        if (b.dataset.lang === state.lang) return;
        state.lang = b.dataset.lang;
        state.languagePending = true; // the next message tells the bot
        save();
        if (queryParam("lang")) {
          var u = new URL(window.location.href);
          u.searchParams.set("lang", state.lang);
          window.history.replaceState(null, "", u.toString());
        }
        applyLanguage();
      });
    });
    el.newChat.addEventListener("click", newConversation);
    window.addEventListener("resize", scrollToEnd); // e.g. a phone keyboard opening
    if (typeof window.io !== "function") { setStatus("offline"); return; }
    connect();
  }

  window.Wereldwijs = { renderRich: renderRich, state: function () { return state; } };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
