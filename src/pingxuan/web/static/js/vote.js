// The public vote page: verify a phone, vote, show the receipt or the captcha.
(function () {
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("pxv") || "";
  // The device is the server-signed cookie "pxd" (HttpOnly): fetch sends it with each same-origin request.
  let captchaToken = "";
  function say(el, text, ok) { el.className = "small mt-2 " + (ok ? "text-success" : "text-danger"); el.textContent = text; }
  function showVerified(phone) { $("verified").classList.remove("d-none"); $("verify-form").classList.add("d-none"); $("verified-phone").textContent = phone; }
  if (token) showVerified(sessionStorage.getItem("pxv-phone") || "");
  async function post(url, body, headers) {
    const r = await fetch(url, { method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, headers || {}), body: JSON.stringify(body) });
    return { status: r.status, data: await r.json() };
  }
  function withCaptcha(body) {
    if (captchaToken) { body.captcha_token = captchaToken; body.captcha_answer = $("captcha-answer").value; }
    return body;
  }
  function captchaDone() { captchaToken = ""; $("captcha").classList.add("d-none"); }
  $("send-code").addEventListener("click", async () => {
    const r = await post("/api/vote/code/", withCaptcha({ phone: $("phone").value }));
    say($("verify-msg"), r.status === 200 ? "验证码已发送，请查看短信。" : r.data.detail, r.status === 200);
    if (r.status === 200) captchaDone();
    else if (r.data.code === "captcha_required") loadCaptcha();
  });
  $("verify-btn").addEventListener("click", async () => {
    const r = await post("/api/vote/verify/", { phone: $("phone").value, code: $("code").value });
    if (r.status === 200) { token = r.data.token; sessionStorage.setItem("pxv", token); sessionStorage.setItem("pxv-phone", r.data.phone); showVerified(r.data.phone); say($("verify-msg"), "验证成功，可以投票了。", true); }
    else say($("verify-msg"), r.data.detail, false);
  });
  async function loadCaptcha() {
    const r = await fetch("/api/vote/captcha/"); const d = await r.json();
    captchaToken = d.token; $("captcha-img").src = d.image; $("captcha").classList.remove("d-none"); $("captcha-answer").value = ""; $("captcha-answer").focus();
  }
  document.querySelectorAll(".vote-btn").forEach((btn) => btn.addEventListener("click", async () => {
    const box = $("result");
    if (!token) { box.innerHTML = ""; const a = document.createElement("div"); a.className = "alert alert-warning"; a.textContent = "请先验证手机号码。"; box.appendChild(a); $("phone").focus(); return; }
    btn.disabled = true;
    const body = withCaptcha({ nomination: Number(btn.dataset.id) });
    const r = await post("/api/vote/", body, { "X-Voter-Token": token });
    btn.disabled = false; box.innerHTML = "";
    const a = document.createElement("div");
    if (r.status === 201) {
      captchaDone();
      a.className = "alert alert-success"; a.id = "receipt";
      a.innerHTML = "投票成功：已为“<span></span>”投上一票。回执码 <strong class='font-monospace'></strong>，可凭回执码查询。";
      a.querySelector("span").textContent = r.data.candidate; a.querySelector("strong").textContent = r.data.receipt;
    } else {
      a.className = "alert alert-danger"; a.textContent = r.data.detail;
      if (r.data.code === "captcha_required") loadCaptcha();
      if (r.data.code === "not_verified") { token = ""; sessionStorage.removeItem("pxv"); $("verify-form").classList.remove("d-none"); $("verified").classList.add("d-none"); }
    }
    box.appendChild(a); box.scrollIntoView({ block: "nearest" });
  }));
})();
