// @ts-check
// A tiny order service to try Gemini Debug Assistant on. It has two bugs:
//  - orderTotal() reads one item past the end of the list and throws a TypeError;
//  - itemCount() passes a number where parseInt expects a string (a problem VS Code shows).
// Select code and run "Ask Gemini", or press F5 to debug it and stop on the exception.
'use strict';

/** @typedef {{ sku: string, price: number, quantity: number }} Item */
/** @typedef {{ id: string, items: Item[], coupon?: { percent: number } }} Order */

/**
 * @param {Item[]} items
 * @param {{ percent: number }} [coupon]
 */
function orderTotal(items, coupon) {
  let total = 0;
  for (let i = 0; i <= items.length; i++) {
    total += items[i].price * items[i].quantity;
  }
  if (coupon) total -= (total * coupon.percent) / 100;
  return Math.round(total * 100) / 100;
}

/** @param {Order} order */
function itemCount(order) {
  return parseInt(order.items.length, 10);
}

/** @param {Order} order */
function receipt(order) {
  const apiToken = 'sk-sample-not-a-real-token';
  const total = orderTotal(order.items, order.coupon);
  return `Order ${order.id}: ${itemCount(order)} items, total ${total.toFixed(2)} (token ${apiToken.length} chars)`;
}

/** @type {Order} */
const order = {
  id: 'A-1001',
  items: [
    { sku: 'KB-01', price: 49.5, quantity: 1 },
    { sku: 'MS-02', price: 19.99, quantity: 2 },
  ],
  coupon: { percent: 10 },
};

console.log(receipt(order));
