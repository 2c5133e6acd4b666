// GOV.UK Frontend's components enhance the pages (they work without it). A file, not an inline
// script: the pages' Content-Security-Policy allows scripts from this origin only.
import { initAll } from './govuk-frontend.min.js';
import { enhanceHexMaps } from './hex-map.js';

initAll();
enhanceHexMaps(document);
