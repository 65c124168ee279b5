/** SizedCache lives in the engine (pure, and the engine's own caches use it); the rest of the code imports it from here too. */
export { SizedCache } from '../engine/sized-cache.js';
