// Types for the jest-dom matchers (toHaveClass, toBeInTheDocument…) that jest.config.js sets up
// for the `web` project; tsconfig's `types` list does not pick them up on its own.
/// <reference types="@testing-library/jest-dom" />
