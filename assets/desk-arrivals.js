// The desk's arrivals page refreshes its list every 5 seconds, so a kiosk's delivery shows
// within 10 (issue 9). Served as a file by crates/server/src/desk/scripts.rs: the
// Content-Security-Policy has no 'unsafe-inline'. Without script the page still works (reload).
// It replaces the list only when it changed, and keeps the keyboard focus on the same link.
(() => {
  'use strict';
  const PERIOD_MS = 5000;
  // Every refresh is a request of the session, so refreshing for ever would keep an unattended
  // desk signed in: it stops 25 minutes after the last keyboard or pointer input, under the
  // session's 30-minute idle limit, and starts again at the next input.
  const STOP_AFTER_IDLE_MS = 25 * 60 * 1000;
  let lastInput = Date.now();
  for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
    document.addEventListener(type, () => { lastInput = Date.now(); }, { passive: true });
  }
  let list = document.getElementById('arrivals');
  if (!list) return;
  const source = list.dataset.source;

  async function refresh() {
    if (Date.now() - lastInput > STOP_AFTER_IDLE_MS) return;
    let response;
    try {
      response = await fetch(source, { credentials: 'same-origin', cache: 'no-store' });
    } catch {
      return; // the network blinked: the next tick tries again
    }
    // Logged out meanwhile: the login page came back instead; leave the page as it is.
    if (response.redirected || !response.ok) return;
    const fresh = new DOMParser()
      .parseFromString(await response.text(), 'text/html')
      .getElementById('arrivals');
    if (!fresh || fresh.innerHTML === list.innerHTML) return;
    const focused = list.contains(document.activeElement)
      ? document.activeElement.getAttribute('href')
      : null;
    // A copy first: moving nodes out of a live NodeList while walking it would skip every other.
    list.replaceChildren(...Array.from(fresh.childNodes));
    if (focused) {
      const again = Array.from(list.querySelectorAll('a')).find(
        (link) => link.getAttribute('href') === focused,
      );
      if (again) again.focus();
    }
  }

  setInterval(refresh, PERIOD_MS);
})();
