import { mount } from 'svelte';
import App from './App.svelte';
import Chair from './chair/Chair.svelte';
import Editor from './editor/Editor.svelte';
import { useHost } from './host';
import { inTauri, tauriHost } from './host/tauri';
import { webHost } from './host/web';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app element not found');
// Chosen once: the desktop app's IPC, or the hub that served this page.
useHost(inTauri() ? tauriHost : webHost());

// The organiser's editor and the chairs' view speak to their hub over HTTP,
// in a browser and in the desktop's windows alike; every other page is a screen.
const path = window.location.pathname;
const page = path.startsWith('/editor') ? Editor : path.startsWith('/chair') ? Chair : App;
export default mount(page, { target });
