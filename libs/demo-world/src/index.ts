/** @inkijk/demo-world: the demo's fictional world (municipalities, caseloads, where people live). */
export * from './world';
