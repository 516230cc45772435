// The public wait page: renders the hub's snapshot (/wait/events, else
// /wait.json) in Japanese or English (?lang=en), with the resident's own
// number (?n=A-012) when the address carries it. Text only through
// textContent: nothing the hub or the address sends is read as HTML.
"use strict";

const TEXTS = {
  ja: {
    title: "待ち状況",
    other: "English",
    otherLang: "en",
    yourNumber: "あなたの番号",
    askLabel: "番号札の番号を入力すると、あなたの順番を表示します",
    show: "表示",
    calledTitle: "お呼びしている番号",
    calledNone: "ただいまお呼びしている番号はありません",
    waitingTitle: "お待ちの人数",
    loading: "読み込み中…",
    note: "待ち時間は目安です。番号が呼ばれたら、表示の窓口へお越しください。",
    counter: (c) => `${c} 番窓口`,
    people: "人",
    estimate: (m) => (m === 0 ? "すぐにご案内できます" : `今から受付：約 ${m} 分`),
    next: "次にお呼びします",
    position: (p) => `${p} 番目（前に ${p - 1} 人）`,
    mineEstimate: (m) => (m === 0 ? "まもなくお呼びします" : `お呼びするまで 約 ${m} 分（目安）`),
    calledTo: (c) => `${c} 番窓口へお越しください`,
    calledNow: "お呼びしています",
    notWaiting: "本日の待ち列にこの番号はありません",
    notWaitingHint: "受付が終わったか、番号が違う可能性があります。",
    updated: (t) => `${t} 更新（自動で更新されます）`,
    down: "接続が切れました。再接続しています…",
    categories: {},
  },
  en: {
    title: "Waiting status",
    other: "日本語",
    otherLang: "ja",
    yourNumber: "Your number",
    askLabel: "Enter the number on your ticket to see your place in line",
    show: "Show",
    calledTitle: "Numbers being called",
    calledNone: "No number is being called right now",
    waitingTitle: "People waiting",
    loading: "Loading…",
    note: "Waiting times are estimates. When your number is called, please go to the counter shown.",
    counter: (c) => `Counter ${c}`,
    people: "waiting",
    estimate: (m) => (m === 0 ? "No wait now" : `New ticket: about ${m} min`),
    next: "You are next",
    position: (p) => `Position ${p} (${p - 1} ahead of you)`,
    mineEstimate: (m) => (m === 0 ? "You will be called shortly" : `Called in about ${m} min (estimate)`),
    calledTo: (c) => `Please go to counter ${c}`,
    calledNow: "You are being called",
    notWaiting: "This number is not waiting today",
    notWaitingHint: "It may have been served already, or the number may be wrong.",
    updated: (t) => `Updated ${t} (updates automatically)`,
    down: "Connection lost. Reconnecting…",
    categories: {
      "転入・転出": "Moving in / out",
      "証明書": "Certificates",
      "国保・年金": "Health insurance / pension",
      "子育て・福祉": "Children / welfare",
    },
  },
};

const params = new URLSearchParams(location.search);
const lang = params.get("lang") === "en" ? "en" : "ja";
const T = TEXTS[lang];
const mine = normalise(params.get("n"));
let last = null;

/** `a12`, `Ａ－０１２`, `A012` → `A-012`; other numbers (`K3-A-004`) as written. */
function normalise(raw) {
  if (!raw) return null;
  const s = raw.normalize("NFKC").trim().toUpperCase().replace(/[ー－−‐]/g, "-");
  if (!s || s.length > 20) return null;
  const m = /^([A-Z])[- ]?0*(\d{1,4})$/.exec(s);
  return m ? `${m[1]}-${m[2].padStart(3, "0")}` : s;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function byId(id) {
  return document.getElementById(id);
}

function clock(iso) {
  try {
    return new Date(iso).toLocaleTimeString(lang === "en" ? "en-GB" : "ja-JP", {
      timeZone: "Asia/Tokyo",
      hour: "2-digit",
      minute: "2-digit",
    });
  } catch (_) {
    return "";
  }
}

function translate() {
  document.documentElement.lang = lang;
  document.title = T.title;
  for (const e of document.querySelectorAll("[data-t]")) {
    const t = T[e.dataset.t];
    if (typeof t === "string") e.textContent = t;
  }
  const other = new URLSearchParams();
  if (mine) other.set("n", mine);
  if (T.otherLang === "en") other.set("lang", "en");
  const link = byId("lang");
  link.textContent = T.other;
  link.lang = T.otherLang;
  link.hreflang = T.otherLang;
  link.href = `/wait${other.toString() ? "?" + other.toString() : ""}`;
  byId("ask-lang").value = lang;
  byId("ask").hidden = mine !== null;
  byId("mine").hidden = mine === null;
  if (mine) byId("my-number").textContent = mine;
}

function renderMine(w) {
  if (!mine) return;
  const box = byId("mine");
  const call = w.called.find((c) => c.number === mine);
  const wait = w.waiting.find((t) => t.number === mine);
  box.classList.toggle("called", Boolean(call));
  let status;
  let estimate;
  if (call) {
    status = T.calledNow;
    estimate = T.calledTo(call.counter);
  } else if (wait) {
    status = wait.position === 1 ? T.next : T.position(wait.position);
    estimate = T.mineEstimate(wait.estimate_min);
  } else {
    status = T.notWaiting;
    estimate = T.notWaitingHint;
  }
  byId("my-status").textContent = status;
  byId("my-estimate").textContent = estimate;
}

function render(w) {
  last = w;
  renderMine(w);
  const called = byId("called");
  called.replaceChildren(
    ...w.called.map((c) => {
      const li = el("li");
      li.append(el("span", "num", c.number), el("span", "counter", T.counter(c.counter)));
      return li;
    }),
  );
  byId("called-none").hidden = w.called.length > 0;
  byId("categories").replaceChildren(
    ...w.categories.map((c) => {
      const li = el("li");
      li.dataset.category = c.code;
      const count = el("span", "count");
      count.append(el("b", null, String(c.waiting)), " ", T.people);
      li.append(
        el("span", "code", c.code),
        el("span", "name", T.categories[c.name] || c.name),
        count,
        el("span", "est", T.estimate(c.estimate_min)),
      );
      return li;
    }),
  );
  live(true);
}

function live(up) {
  const state = byId("state");
  state.classList.toggle("down", !up);
  state.textContent = up ? (last ? T.updated(clock(last.updated_at)) : T.loading) : T.down;
}

async function poll() {
  try {
    const r = await fetch("/wait.json", { cache: "no-store" });
    if (r.ok) render(await r.json());
  } catch (_) {
    live(false);
  }
}

function connect() {
  const events = new EventSource("/wait/events");
  events.addEventListener("wait", (e) => {
    try {
      render(JSON.parse(e.data));
    } catch (_) {
      // A broken message: keep what is shown until the next one.
    }
  });
  events.onerror = () => {
    live(false);
    // Refused (too many pages open, the hub restarting): read once, and
    // come back later at a random moment so that pages do not return at once.
    if (events.readyState === EventSource.CLOSED) {
      poll();
      setTimeout(connect, 30000 + Math.random() * 30000);
    }
  };
}

translate();
connect();
