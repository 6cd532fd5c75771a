// Jobs, job and run pages: the duration chart (uPlot, from its webjar) and log tails that follow the end.
(function () {
  var COLOURS = { SUCCEEDED: '#1f9d55', FAILED: '#d64545', TIMED_OUT: '#d64545', KILLED: '#7c3aed', RUNNING: '#2f80ed', STAGING: '#2f80ed' };

  function chart() {
    var el = document.getElementById('duration-chart');
    if (!el || !window.uPlot || el.dataset.drawn) return;
    var s = JSON.parse(el.dataset.series || '{}');
    if (!s.t || s.t.length === 0) return;
    el.dataset.drawn = '1';
    el.innerHTML = '';
    var opts = {
      width: el.clientWidth || 600, height: 220,
      // one run (or runs at one instant): uPlot pads the time axis to 86,400,000 s (it assumes milliseconds), years
      // wide; an hour each side instead
      scales: { x: { time: true, range: function (u, min, max) {
        var t = u.data[0];
        return t.length > 0 && t[0] === t[t.length - 1] ? [t[0] - 3600, t[0] + 3600] : [min, max];
      } } },
      series: [{}, {
        label: 'duration (s)', stroke: '#2f5bd3', width: 1.5,
        points: { show: true, size: 6, fill: function (u, i) { return '#2f5bd3'; } }
      }],
      axes: [{}, { label: 'seconds', size: 60 }],
      cursor: { points: { size: 8 } }
    };
    var plot = new uPlot(opts, [s.t, s.seconds], el);
    el.uplot = plot;
    // click a point: open that run
    el.addEventListener('click', function () {
      var i = plot.cursor.idx;
      if (i != null && s.runs[i] != null) location.href = '/runs/' + s.runs[i];
    });
    window.addEventListener('resize', function () { plot.setSize({ width: el.clientWidth, height: 220 }); });
  }

  // keep a log scrolled to its end while the reader is there
  document.addEventListener('htmx:oobBeforeSwap', function (e) {
    var t = e.detail.target;
    if (t && t.classList && t.classList.contains('log')) t.dataset.atEnd = (t.scrollHeight - t.scrollTop - t.clientHeight < 40) ? '1' : '';
  });
  document.addEventListener('htmx:oobAfterSwap', function (e) {
    var t = e.detail.target;
    if (t && t.dataset && t.dataset.atEnd) t.scrollTop = t.scrollHeight;
  });

  document.addEventListener('DOMContentLoaded', chart);
  window.addEventListener('load', chart);
})();
