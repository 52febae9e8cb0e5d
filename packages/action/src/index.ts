import { main } from "./main.js";

// The runner starts this file; everything else is in main() and run().
void main();
