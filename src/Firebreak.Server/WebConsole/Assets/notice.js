const notice = document.getElementById('notice');
let timer;

// One polite live region for the whole console, so screen readers hear outcomes without focus moving.
export function notify(message, { bad = false } = {}) {
  clearTimeout(timer);
  notice.textContent = message;
  notice.classList.toggle('bad', bad);
  timer = setTimeout(() => { notice.textContent = ''; }, bad ? 15000 : 6000);
}
