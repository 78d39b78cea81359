import { Hono } from "hono";
import { allow } from "../auth/allow";
import type { AppEnv } from "../env";

/*
 * The few scripts that enhance pages which work without them. They are served
 * from our origin because the Content-Security-Policy (script-src 'self')
 * forbids inline scripts; they carry no data, pages hand them what they need
 * in data-* attributes.
 */

/**
 * The enrolment form: "Tambah baris" copies the last worker row in the
 * browser instead of a round trip (the server reads rows by the index in
 * their field names, so the copy is renumbered), and each row shows only the
 * fields its category uses.
 */
const enrolmentForm = `
(function () {
  var list = document.getElementById("worker-rows");
  var add = document.querySelector('button[name="action"][value="add"]');
  if (!list || !add) return;
  var wageOnly = ["monthlyWage", "riskGroup"];
  function fieldOf(el) { var m = /^workers\\.\\d+\\.(\\w+)$/.exec(el.name || ""); return m ? m[1] : ""; }
  function fit(row) {
    var category = row.querySelector('select[name$=".category"]');
    if (!category) return;
    var fisher = category.value === "nelayan", known = category.value !== "";
    row.querySelectorAll("[data-field]").forEach(function (box) {
      var field = box.getAttribute("data-field");
      var wage = wageOnly.indexOf(field) >= 0, bracket = field === "incomeBracket";
      box.hidden = known && ((fisher && wage) || (!fisher && bracket));
    });
  }
  function rows() { return list.querySelectorAll("fieldset.worker"); }
  rows().forEach(fit);
  list.addEventListener("change", function (e) {
    if (fieldOf(e.target) === "category") fit(e.target.closest("fieldset.worker"));
  });
  add.addEventListener("click", function (e) {
    var all = rows(), last = all[all.length - 1];
    if (!last) return;
    e.preventDefault();
    var n = all.length, copy = last.cloneNode(true);
    var rename = function (value) { return value.replace(/^workers\\.\\d+\\./, "workers." + n + "."); };
    copy.querySelectorAll("[name],[id],[for],[aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        if (el.hasAttribute(attr)) el.setAttribute(attr, rename(el.getAttribute(attr)));
      });
      if (el.tagName === "INPUT") { el.removeAttribute("value"); el.value = ""; }
      if (el.tagName === "SELECT") {
        el.querySelectorAll("option[selected]").forEach(function (o) { o.removeAttribute("selected"); });
        el.selectedIndex = 0;
      }
      el.removeAttribute("aria-invalid");
      // The copy has no errors: keep only the hints it still describes itself with.
      var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && !/-error$/.test(id); });
      if (el.hasAttribute("aria-describedby")) {
        if (described.length) el.setAttribute("aria-describedby", described.join(" "));
        else el.removeAttribute("aria-describedby");
      }
    });
    copy.querySelectorAll(".field-error, .worker-amount").forEach(function (el) { el.remove(); });
    var legend = copy.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.replace(/\\d+$/, String(n + 1));
    list.appendChild(copy);
    fit(copy);
    var first = copy.querySelector("input, select");
    if (first) first.focus();
  });
})();
`;

/**
 * The death-claim form (/klaim/baru): the monthly wage is asked only for a
 * work accident, a heir's birth date and school level only for a child.
 * Hidden fields still post; the server ignores them for such claims and
 * heirs, as it does without JavaScript. A field showing an error stays
 * visible until the choice changes.
 */
const deathClaimForm = `
(function () {
  var cause = document.querySelector('select[name="cause"]');
  var heirs = document.getElementById("heir-rows");
  function show(box, visible, first) {
    box.hidden = !visible && !(first && box.querySelector(".field-error"));
  }
  function fitWage(first) {
    var box = document.querySelector('[data-field="monthlyWage"]');
    if (cause && box) show(box, cause.value === "work_accident", first);
  }
  function fitHeir(row, first) {
    var relationship = row && row.querySelector('select[name$=".relationship"]');
    if (!relationship) return;
    row.querySelectorAll('[data-field="birthDate"], [data-field="schoolLevel"]').forEach(function (box) {
      show(box, relationship.value === "child", first);
    });
  }
  if (cause) {
    fitWage(true);
    cause.addEventListener("change", function () { fitWage(false); });
  }
  if (heirs) {
    heirs.querySelectorAll("fieldset.heir").forEach(function (row) { fitHeir(row, true); });
    heirs.addEventListener("change", function (e) {
      var name = e.target.name || "";
      if (name.slice(-".relationship".length) === ".relationship") fitHeir(e.target.closest("fieldset.heir"), false);
    });
  }
})();
`;

/**
 * The CSV import pages (enrolment, and the admin's participant import): poll
 * the import (the bar's data-poll) every 500 ms and move the progress bar;
 * an enrolment import that is done opens its case, any other end reloads the
 * page (which shows the result and the bad rows). Without JavaScript the
 * page refreshes itself.
 */
const importProgress = `
(function () {
  var bar = document.getElementById("import-progress");
  if (!bar) return;
  var url = bar.getAttribute("data-poll"), text = document.getElementById("import-rows");
  var status = document.getElementById("import-status"), labels = JSON.parse(bar.getAttribute("data-labels") || "{}");
  var pattern = text ? text.getAttribute("data-pattern") || "" : "";
  function group(n) { return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g, "."); }
  function poll() {
    fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
      .then(function (job) {
        if (job.status === "done" && job.caseId) { location.href = "/cases/" + encodeURIComponent(job.caseId); return; }
        if (job.status === "done" || job.status === "invalid") { location.reload(); return; }
        bar.max = Math.max(1, job.rowsTotal || 0);
        bar.value = Math.min(bar.max, job.rowsDone || 0);
        if (text) text.textContent = pattern.replace("{done}", group(job.rowsDone || 0)).replace("{total}", group(job.rowsTotal || 0));
        if (status && labels[job.status]) status.textContent = labels[job.status];
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(function () { location.reload(); }, 2000); });
  }
  setTimeout(poll, 500);
})();
`;

const scripts: Record<string, string> = {
  "enrolment-form.js": enrolmentForm,
  "death-claim-form.js": deathClaimForm,
  "import-progress.js": importProgress,
};

export function scriptRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/js/:name", allow("public"), (c) => {
    const name = c.req.param("name");
    if (!Object.hasOwn(scripts, name)) return c.notFound();
    return c.body(scripts[name]!, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600" });
  });
  return app;
}
