import { mount } from 'svelte';
import App from './App.svelte';
import { useHost } from './host';
import { inTauri, tauriHost } from './host/tauri';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app element not found');
if (!inTauri()) {
  target.textContent = 'This page is shown by the Marquee app.';
  throw new Error('no Marquee host for this page');
}
useHost(tauriHost);

export default mount(App, { target });
