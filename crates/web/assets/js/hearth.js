// Starts the GOV.UK Frontend components. Every journey also works without it.
import { initAll } from '/assets/govuk-frontend.min.js';
initAll();
