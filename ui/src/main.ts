import { mount } from 'svelte';
import App from './App.svelte';
import Editor from './editor/Editor.svelte';
import { useHost } from './host';
import { inTauri, tauriHost } from './host/tauri';
import { webHost } from './host/web';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app element not found');
// Chosen once: the desktop app's IPC, or the hub that served this page.
useHost(inTauri() ? tauriHost : webHost());

// The organiser's editor speaks to its hub over HTTP, in a browser and in
// the desktop's editor window alike; every other page is a screen.
const editing = window.location.pathname.startsWith('/editor');
export default mount(editing ? Editor : App, { target });
