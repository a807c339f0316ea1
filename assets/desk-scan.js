// The desk's find page: scan the receipt's QR code with the desk's camera (issue 9), where the
// browser offers a barcode detector (the Shape Detection API: Chrome on Android, ChromeOS and
// macOS; not Chromium on Linux nor Firefox). Elsewhere the button stays hidden and the field takes
// the QR's text from a handheld scanner, which types it like a keyboard.
//
// Served as a file by crates/server/src/desk/scripts.rs (no 'unsafe-inline'). The page's
// Permissions-Policy allows the camera for this page only (`camera=(self)`). Nothing is sent
// anywhere: the picture stays in the browser, and only the decoded text goes into the form.
(() => {
  'use strict';
  const form = document.querySelector('form.search');
  const field = document.getElementById('q');
  const scanner = document.getElementById('scanner');
  if (!form || !field || !scanner) return;
  const start = document.getElementById('scan-start');
  const stop = document.getElementById('scan-stop');
  const video = scanner.querySelector('video');
  const status = document.getElementById('scan-status');
  // What a receipt's QR code holds: GUICHET:<client id>. Any other code is not ours.
  const RECEIPT = /^GUICHET:[0-9A-Fa-f-]{36}$/;
  const say = (key) => { status.textContent = status.dataset[key] ?? ''; };

  async function supported() {
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return false;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes('qr_code');
    } catch {
      return false;
    }
  }

  let stream = null;
  let running = false;

  function end() {
    running = false;
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  async function scan() {
    let detector;
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch {
      end();
      say('denied');
      start.focus();
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    start.hidden = true;
    stop.hidden = false;
    stop.focus();
    say('looking');
    running = true;
    await video.play().catch(() => {});
    while (running) {
      let codes = [];
      try {
        codes = await detector.detect(video);
      } catch {
        // A frame not ready yet: try the next one.
      }
      const found = codes.map((code) => code.rawValue).find((text) => RECEIPT.test(text));
      if (found) {
        end();
        field.value = found;
        say('found');
        form.requestSubmit();
        return;
      }
      await new Promise((next) => requestAnimationFrame(next));
    }
  }

  start.addEventListener('click', () => { scan(); });
  stop.addEventListener('click', () => { end(); say('stopped'); start.focus(); });
  // Leaving the page or hiding it turns the camera off.
  document.addEventListener('visibilitychange', () => { if (document.hidden && running) end(); });
  window.addEventListener('pagehide', end);

  supported().then((yes) => { if (yes) scanner.hidden = false; });
})();
