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
  /* Several files chosen at once: each goes in its own request, one after another, with its own progress bar and the
   * server's answer for that file (the slot's count, size and type are checked on the server for each one). */
  function fileRow(file) {
    var row = document.createElement("li");
    row.className = "upload-row small";
    var name = document.createElement("span");
    name.className = "upload-name text-truncate";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "上传进度：" + file.name);
    var note = document.createElement("span");
    note.className = "upload-note text-muted";
    note.textContent = "等待上传";
    row.appendChild(name);
    row.appendChild(bar);
    row.appendChild(note);
    return { row: row, bar: bar, note: note };
  }

  function alertText(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var alert = holder.querySelector("[role=alert]");
    return alert ? alert.textContent.trim() : "";
  }

  function sendOne(url, file, ui) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      var body = new FormData();
      body.append("file", file);
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrf());
      xhr.setRequestHeader("X-Requested-With", "fetch");
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) ui.bar.value = Math.round((ev.loaded / ev.total) * 100);
      });
      ui.note.textContent = "正在上传…";
      xhr.onload = function () {
        var ok = xhr.status === 200;
        ui.bar.value = 100;
        ui.note.className = "upload-note " + (ok ? "text-success" : "text-danger");
        ui.note.textContent = ok ? "已上传" : "未上传：" + (alertText(xhr.responseText) || "服务器拒绝了这个文件（" + xhr.status + "）。");
        resolve(xhr.status < 500 && xhr.responseText.indexOf("nom-field") >= 0 ? xhr.responseText : null);
      };
      xhr.onerror = function () {
        ui.note.className = "upload-note text-danger";
        ui.note.textContent = "未上传：网络错误，请稍后重试。";
        resolve(null);
      };
      xhr.send(body);
    });
  }

  function uploadEach(input) {
    var key = input.closest(".nom-field").dataset.key;
    var url = input.dataset.uploadUrl;
    var list = document.createElement("ul");
    list.className = "upload-list list-unstyled mt-1";
    list.setAttribute("aria-live", "polite");
    var files = Array.prototype.slice.call(input.files);
    var rows = files.map(function (f) { var ui = fileRow(f); list.appendChild(ui.row); return ui; });
    input.insertAdjacentElement("afterend", list);
    input.disabled = true;
    var last = null;
    var chain = Promise.resolve();
    files.forEach(function (file, i) {
      chain = chain.then(function () { return sendOne(url, file, rows[i]); }).then(function (html) { if (html) last = html; });
    });
    chain.then(function () {
      input.disabled = false;
      if (!last) return;
      replaceField(key, last);
      var fresh = document.getElementById("field-" + key);
      if (fresh) fresh.querySelector("fieldset").appendChild(list);
    });
  }

  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!(input.matches && input.matches("input[type=file][data-upload-url]")) || !input.files.length) return;
    if (input.multiple) { uploadEach(input); return; }
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
