// Kairos console helpers, shared by every page.
(function () {
  // <time datetime="ISO instant" data-zone="Europe/Berlin"> is shown in the viewer's zone; hovering shows the job's zone.
  function localise(root) {
    root.querySelectorAll('time[datetime]:not([data-done])').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (isNaN(d)) return;
      // data-keep: the server wrote it in the job's zone on purpose (next fire times); hover shows the viewer's
      if (t.hasAttribute('data-keep')) {
        t.title = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' }) + ' (your time)';
        t.setAttribute('data-done', '');
        return;
      }
      t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
      var zone = t.getAttribute('data-zone');
      var title = d.toISOString();
      if (zone) {
        try { title = d.toLocaleString(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'long' }) + ' (' + zone + ')'; } catch (e) { /* unknown zone */ }
      }
      t.title = title;
      t.setAttribute('data-done', '');
    });
  }
  function markNav() {
    var path = location.pathname;
    document.querySelectorAll('header.top nav a').forEach(function (a) {
      var href = a.getAttribute('href');
      if (href === '/' ? path === '/' : path.indexOf(href) === 0) a.classList.add('active');
    });
  }
  document.addEventListener('DOMContentLoaded', function () { localise(document); markNav(); });
  document.addEventListener('htmx:afterSettle', function (e) { localise(e.target); });
  // every htmx request that changes something carries the page's CSRF token, as the forms do
  document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="kairos-csrf"]');
    if (meta) e.detail.headers['X-Kairos-CSRF'] = meta.getAttribute('content');
  });
  window.kairos = { localise: localise };
})();
