import { mount } from 'svelte';
import App from './App.svelte';
import Chair from './chair/Chair.svelte';
import Editor from './editor/Editor.svelte';
import Stage from './stage/Stage.svelte';
import { useHost } from './host';
import { webHost } from './host/web';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app element not found');
// Chosen once: the desktop app's IPC, or the hub that served this page. The
// Tauri host is a chunk of its own, which a browser never downloads.
async function chosenHost() {
  return '__TAURI_INTERNALS__' in window ? (await import('./host/tauri')).tauriHost : webHost();
}

// The organiser's editor, the chairs' view and the stage monitor speak to
// their hub over HTTP, in a browser and in the desktop's windows alike;
// every other page is a screen.
const path = window.location.pathname;
const page = path.startsWith('/editor')
  ? Editor
  : path.startsWith('/chair')
    ? Chair
    : path.startsWith('/stage')
      ? Stage
      : App;
void chosenHost().then((chosen) => {
  useHost(chosen);
  mount(page, { target });
});
