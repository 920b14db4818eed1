/* The nomination editor: live 字数 counters, immediate uploads with previews, and removing an upload.
 * Without JavaScript the form still works: files go with "保存草稿" and removal submits the form. */
(function () {
  "use strict";

  /* 字数, counted as core.chinese.count_chars counts: after NFKC, every character counts one except white space;
   * a run of ASCII letters or digits counts as one word. */
  function countChars(text) {
    if (!text) return 0;
    text = text.normalize("NFKC");
    var count = 0, inWord = false;
    for (var ch of text) {
      if (/\s/u.test(ch)) { inWord = false; continue; }
      if (/^[A-Za-z0-9]$/.test(ch)) { if (!inWord) count += 1; inWord = true; continue; }
      inWord = false;
      count += 1;
    }
    return count;
  }
  window.pxCountChars = countChars;

  function updateCounter(area) {
    var box = document.getElementById("cnt-" + area.name.replace(/^f_/, ""));
    if (!box) return;
    var n = countChars(area.value);
    var max = +area.dataset.max, low = area.dataset.low ? +area.dataset.low : null, high = area.dataset.high ? +area.dataset.high : null;
    box.querySelector("[data-count]").textContent = n;
    var state = "", note = "";
    if (n > max) { state = "over"; note = "，已超过上限 " + (n - max) + " 字，不能保存"; }
    else if (low !== null && n > 0 && n < low) { state = "low"; note = "，偏少"; }
    else if (high !== null && n > high) { state = "high"; note = "，偏多"; }
    box.className = "form-text counter " + state;
    box.querySelector("[data-state]").textContent = note;
    area.classList.toggle("is-invalid", state === "over");
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function replaceField(key, html) {
    var old = document.getElementById("field-" + key);
    if (!old) return;
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.querySelector("#field-" + key);
    if (fresh) { old.replaceWith(fresh); var focus = fresh.querySelector("input[type=file], [role=alert]"); if (focus && focus.focus) focus.focus(); }
  }

  function post(url, body, key, status) {
    if (status) status.textContent = "正在上传…";
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf(), "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text(); })
      .then(function (html) { replaceField(key, html); })
      .catch(function () { if (status) status.textContent = "网络错误，请稍后重试，或点“保存草稿”上传。"; });
  }

  function preview(input) {
    var box = input.parentNode.querySelector(".local-preview");
    if (!box) return box;
    box.innerHTML = "";
    Array.prototype.forEach.call(input.files, function (file) {
      if (/^image\//.test(file.type)) {
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = "待上传：" + file.name;
        box.appendChild(img);
      }
    });
    var status = document.createElement("span");
    status.className = "small text-muted align-self-center";
    box.appendChild(status);
    return status;
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-counter]")) updateCounter(e.target);
  });
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!(input.matches && input.matches("input[type=file][data-upload-url]")) || !input.files.length) return;
    var status = preview(input);
    var body = new FormData();
    Array.prototype.forEach.call(input.files, function (f) { body.append("file", f); });
    post(input.dataset.uploadUrl, body, input.closest(".nom-field").dataset.key, status);
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-remove-url]");
    if (!button) return;
    e.preventDefault();
    button.disabled = true;
    post(button.dataset.removeUrl, new FormData(), button.closest(".nom-field").dataset.key, null);
  });
  document.querySelectorAll("textarea[data-counter]").forEach(updateCounter);
})();
