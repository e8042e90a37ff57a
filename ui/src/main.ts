import { mount } from 'svelte';
import App from './App.svelte';
import { useHost } from './host';
import { inTauri, tauriHost } from './host/tauri';
import { webHost } from './host/web';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app element not found');
// Chosen once: the desktop app's IPC, or the hub that served this page.
useHost(inTauri() ? tauriHost : webHost());

export default mount(App, { target });
