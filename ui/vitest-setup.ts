import '@testing-library/jest-dom/vitest';
import { useHost } from './src/host';

// Component tests run outside any host: pictures at plain test addresses.
useHost({
  followScreen: () => Promise.resolve(() => {}),
  onIdentify: () => Promise.resolve(() => {}),
  exit: () => Promise.resolve(),
  reportPainted: () => {},
  portraitUrl: (id) => `test:portrait/${id}`,
  qrUrl: (address) => `test:qr/${encodeURIComponent(address)}`,
  logoUrl: () => 'test:logo',
  pictureUrl: (kind, id) => `test:${kind}/${id}`,
});
