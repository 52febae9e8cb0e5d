export const id = 748;
export const ids = [748];
export const modules = {

/***/ 4748:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DeleteParameterCommand: () => (/* reexport safe */ _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__.Obs),
/* harmony export */   GetParametersCommand: () => (/* reexport safe */ _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__.AFe),
/* harmony export */   PutParameterCommand: () => (/* reexport safe */ _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__.ihh),
/* harmony export */   SSMClient: () => (/* reexport safe */ _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__.jBj)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4028);



/***/ })

};
