import { testEngine } from '@finops-autopilot/core/testing';
import { createHeuristicEngine } from './heuristic-engine.js';

testEngine({ name: 'heuristic', engine: () => createHeuristicEngine() });
