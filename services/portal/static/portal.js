/* Progressive enhancement only: every page works without this script. It shows only the fields
   of the chosen search key, offers only the search keys the chosen product supports, disables
   legal domains the chosen municipality is not covered for, and moves focus to an error summary. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var form = document.getElementById('bevraging');
  if (form) {
    var product = form.querySelector('#product');
    var municipality = form.querySelector('#gemeente');
    var domain = form.querySelector('#rechtsgebied');
    var radios = Array.prototype.slice.call(form.querySelectorAll('input[name="zoeksleutel"]'));
    var panels = Array.prototype.slice.call(form.querySelectorAll('.sleutel'));

    var updateKeys = function () {
      var option = product && product.options[product.selectedIndex];
      var keys = option ? (option.getAttribute('data-sleutels') || '').split(' ') : [];
      var chosen = null;
      radios.forEach(function (r) {
        var supported = keys.indexOf(r.value) >= 0;
        r.disabled = !supported;
        r.closest('.keuze').classList.toggle('uit', !supported);
        if (r.checked && !supported) r.checked = false;
        if (r.checked) chosen = r.value;
      });
      if (!chosen) {
        var first = radios.filter(function (r) { return !r.disabled; })[0];
        if (first) { first.checked = true; chosen = first.value; }
      }
      panels.forEach(function (p) {
        if (p.getAttribute('data-sleutel') === chosen) p.removeAttribute('data-verborgen');
        else p.setAttribute('data-verborgen', '');
      });
    };

    var updateDomains = function () {
      var option = municipality && municipality.options[municipality.selectedIndex];
      if (!option || !domain) return;
      var covered = (option.getAttribute('data-domeinen') || '').split(' ');
      Array.prototype.forEach.call(domain.options, function (o) { o.disabled = covered.indexOf(o.value) < 0; });
      if (domain.options[domain.selectedIndex] && domain.options[domain.selectedIndex].disabled) {
        var ok = Array.prototype.filter.call(domain.options, function (o) { return !o.disabled; })[0];
        if (ok) ok.selected = true;
      }
    };

    if (product) product.addEventListener('change', updateKeys);
    radios.forEach(function (r) { r.addEventListener('change', updateKeys); });
    if (municipality) municipality.addEventListener('change', updateDomains);
    updateKeys();
    updateDomains();
  }

  var summary = document.getElementById('foutoverzicht');
  if (summary) summary.focus();
})();
