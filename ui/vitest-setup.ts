import '@testing-library/jest-dom/vitest';
import { mockConvertFileSrc } from '@tauri-apps/api/mocks';

// Component tests run outside Tauri: picture addresses as on Linux.
mockConvertFileSrc('linux');
